namespace PushGrpc.Apns.Internal;

/// <summary>The four channel-management requests (apns-reference §7.1).</summary>
internal enum ChannelOperation
{
    Create,
    Get,
    Delete,
    List,
}

internal static class ChannelOperations
{
    /// <summary>The <c>operation</c> tag and log name.</summary>
    public static string Name(this ChannelOperation operation) => operation switch
    {
        ChannelOperation.Create => "create",
        ChannelOperation.Get => "get",
        ChannelOperation.Delete => "delete",
        _ => "list",
    };

    /// <summary>
    /// Read, delete and list can be sent again whatever became of an earlier attempt; create cannot: a create that
    /// may have reached APNs may have made a channel, and a resend would make a second one.
    /// </summary>
    public static bool IsIdempotent(this ChannelOperation operation) => operation != ChannelOperation.Create;
}
