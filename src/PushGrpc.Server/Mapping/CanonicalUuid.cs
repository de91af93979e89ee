namespace PushGrpc.Server.Mapping;

/// <summary>
/// The apns-id format: a canonical 8-4-4-4-12 UUID. Guid.TryParseExact("D") alone is looser (it trims whitespace),
/// and APNs answers BadMessageId to anything but the canonical form.
/// </summary>
internal static class CanonicalUuid
{
    private const int Length = 36;

    public static bool TryParse(string value, out Guid uuid)
    {
        uuid = default;
        if (value.Length != Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var valid = i is 8 or 13 or 18 or 23 ? value[i] == '-' : char.IsAsciiHexDigit(value[i]);
            if (!valid)
            {
                return false;
            }
        }

        return Guid.TryParseExact(value, "D", out uuid);
    }
}
