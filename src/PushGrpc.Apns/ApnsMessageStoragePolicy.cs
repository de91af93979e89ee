namespace PushGrpc.Apns;

/// <summary>
/// A broadcast channel's message storage policy, fixed when the channel is created (apns-reference §7.1). Each value
/// is its wire value in <c>message-storage-policy</c>.
/// </summary>
public enum ApnsMessageStoragePolicy
{
    /// <summary>Nothing stored: a higher publish budget, and every broadcast must carry apns-expiration 0.</summary>
    NoMessageStored = 0,

    /// <summary>The latest message is kept for up to 8 hours (shorter with apns-expiration).</summary>
    MostRecentMessageStored = 1,
}
