namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>Allocation-free format checks for device tokens and apns-id.</summary>
internal static class WireFormats
{
    /// <summary>Even-length hex, 64 to 200 characters (apns-reference §3: do not assume 32 bytes).</summary>
    public static bool IsDeviceToken(ReadOnlySpan<char> token) =>
        token.Length is >= MagicTokens.MinTokenLength and <= MagicTokens.MaxTokenLength &&
        token.Length % 2 == 0 &&
        IsHex(token);

    /// <summary>The canonical 8-4-4-4-12 UUID text (either case); braces, no-dash and other Guid forms are refused.</summary>
    public static bool IsCanonicalUuid(ReadOnlySpan<char> value)
    {
        if (value.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? value[i] == '-' : char.IsAsciiHexDigit(value[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
