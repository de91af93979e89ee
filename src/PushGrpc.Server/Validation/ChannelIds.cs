namespace PushGrpc.Server.Validation;

/// <summary>
/// What a broadcast channel id looks like: APNs assigns base64 ids and says not to assume a length
/// (apns-reference §7.1), so the check is "non-empty, base64, not absurdly long", the same for every use of an id.
/// </summary>
internal static class ChannelIds
{
    // Far above any id APNs hands out (about 24 characters), far below what would bloat an HTTP/2 header.
    private const int MaxLength = 256;

    /// <summary>Null for a plausible channel id; else what is wrong with it, as a sentence about the field.</summary>
    public static string? Problem(string channelId)
    {
        if (channelId.Length == 0)
        {
            return "must not be empty";
        }

        if (channelId.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters (was {channelId.Length})";
        }

        Span<byte> decoded = stackalloc byte[MaxLength];
        return Convert.TryFromBase64String(channelId, decoded, out _)
            ? null
            : "must be a channel id as APNs returned it (base64)";
    }
}
