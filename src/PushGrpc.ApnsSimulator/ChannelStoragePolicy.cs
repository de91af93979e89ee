namespace PushGrpc.ApnsSimulator;

/// <summary>A broadcast channel's message-storage-policy (apns-reference §7.1); the numbers are the wire values.</summary>
public enum ChannelStoragePolicy
{
    /// <summary>No message stored: broadcasts to the channel must carry apns-expiration: 0.</summary>
    NoMessageStored = 0,

    /// <summary>The most recent message is stored (APNs keeps it up to 8 hours).</summary>
    MostRecentMessageStored = 1,
}
