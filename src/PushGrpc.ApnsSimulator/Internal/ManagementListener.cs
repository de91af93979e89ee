using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// Marks a connection accepted on the channel-management listener. Both listeners share one request delegate; a
/// connection's first request finds the marker through <c>HttpContext.Features</c> (connection features are visible
/// there) and <see cref="ConnectionState.OnManagementListener"/> keeps the answer for the rest.
/// </summary>
internal sealed class ManagementListener
{
    private static readonly ManagementListener Marker = new();

    private ManagementListener()
    {
    }

    public static bool Marks(IFeatureCollection features) => features.Get<ManagementListener>() is not null;

    public static Task MarkAsync(ConnectionContext context, ConnectionDelegate next)
    {
        context.Features.Set(Marker);
        return next(context);
    }
}
