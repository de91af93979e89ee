using System.Globalization;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>Allocation-free format checks for device tokens, apns-id and the numeric headers.</summary>
internal static class WireFormats
{
    /// <summary>apns-priority: 10, 5 or 1 (apns-reference §1.3).</summary>
    public static int? ParsePriority(string? value) => value switch { "10" => 10, "5" => 5, "1" => 1, _ => null };

    /// <summary>apns-expiration: a non-negative integer of epoch seconds (no sign, no spaces).</summary>
    public static long? ParseExpiration(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

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
