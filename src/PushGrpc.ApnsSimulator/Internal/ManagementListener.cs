using Microsoft.AspNetCore.Connections;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// Marks a connection accepted on the channel-management listener. Both listeners share one request delegate;
/// requests find the marker through <c>HttpContext.Features</c> (connection features are visible there).
/// </summary>
internal sealed class ManagementListener
{
    private static readonly ManagementListener Marker = new();

    private ManagementListener()
    {
    }

    public static Task MarkAsync(ConnectionContext context, ConnectionDelegate next)
    {
        context.Features.Set(Marker);
        return next(context);
    }
}
