namespace PushGrpc.Apns.Internal.Http2;

/// <summary>
/// The HPACK static table (RFC 7541 Appendix A), shared by <see cref="HpackEncoder"/> and <see cref="HpackDecoder"/>.
/// Indices are 1-based as on the wire; the dynamic table continues at <see cref="Count"/> + 1.
/// </summary>
internal static class HpackStaticTable
{
    /// <summary>Number of entries; the first dynamic table index is one more.</summary>
    public const int Count = 61;

    // Index 0 is unused so that wire indices address the arrays directly.
    private static readonly byte[][] s_names =
    [
        [],
        ":authority"u8.ToArray(),
        ":method"u8.ToArray(),
        ":method"u8.ToArray(),
        ":path"u8.ToArray(),
        ":path"u8.ToArray(),
        ":scheme"u8.ToArray(),
        ":scheme"u8.ToArray(),
        ":status"u8.ToArray(),
        ":status"u8.ToArray(),
        ":status"u8.ToArray(),
        ":status"u8.ToArray(),
        ":status"u8.ToArray(),
        ":status"u8.ToArray(),
        ":status"u8.ToArray(),
        "accept-charset"u8.ToArray(),
        "accept-encoding"u8.ToArray(),
        "accept-language"u8.ToArray(),
        "accept-ranges"u8.ToArray(),
        "accept"u8.ToArray(),
        "access-control-allow-origin"u8.ToArray(),
        "age"u8.ToArray(),
        "allow"u8.ToArray(),
        "authorization"u8.ToArray(),
        "cache-control"u8.ToArray(),
        "content-disposition"u8.ToArray(),
        "content-encoding"u8.ToArray(),
        "content-language"u8.ToArray(),
        "content-length"u8.ToArray(),
        "content-location"u8.ToArray(),
        "content-range"u8.ToArray(),
        "content-type"u8.ToArray(),
        "cookie"u8.ToArray(),
        "date"u8.ToArray(),
        "etag"u8.ToArray(),
        "expect"u8.ToArray(),
        "expires"u8.ToArray(),
        "from"u8.ToArray(),
        "host"u8.ToArray(),
        "if-match"u8.ToArray(),
        "if-modified-since"u8.ToArray(),
        "if-none-match"u8.ToArray(),
        "if-range"u8.ToArray(),
        "if-unmodified-since"u8.ToArray(),
        "last-modified"u8.ToArray(),
        "link"u8.ToArray(),
        "location"u8.ToArray(),
        "max-forwards"u8.ToArray(),
        "proxy-authenticate"u8.ToArray(),
        "proxy-authorization"u8.ToArray(),
        "range"u8.ToArray(),
        "referer"u8.ToArray(),
        "refresh"u8.ToArray(),
        "retry-after"u8.ToArray(),
        "server"u8.ToArray(),
        "set-cookie"u8.ToArray(),
        "strict-transport-security"u8.ToArray(),
        "transfer-encoding"u8.ToArray(),
        "user-agent"u8.ToArray(),
        "vary"u8.ToArray(),
        "via"u8.ToArray(),
        "www-authenticate"u8.ToArray(),
    ];

    private static readonly byte[][] s_values = BuildValues();

    // Candidate indices per name length: the encoder looks names up for every field it writes, and bucketing by length
    // leaves at most a handful of byte comparisons instead of a scan over all 61 names.
    private static readonly int[][] s_indicesByNameLength = BuildLengthBuckets();

    /// <summary>The name of the entry at <paramref name="index"/> (1 to <see cref="Count"/>).</summary>
    public static ReadOnlySpan<byte> Name(int index) => s_names[index];

    /// <summary>The value of the entry at <paramref name="index"/> (1 to <see cref="Count"/>); empty for most.</summary>
    public static ReadOnlySpan<byte> Value(int index) => s_values[index];

    /// <summary>
    /// The lowest index whose name is <paramref name="name"/>, or 0 when none is. <paramref name="valueMatch"/> is the
    /// index whose name and value both match (so the field can be sent as one indexed byte), or 0.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> name, ReadOnlySpan<char> value, out int valueMatch)
    {
        valueMatch = 0;
        if (name.Length >= s_indicesByNameLength.Length)
        {
            return 0;
        }

        var nameMatch = 0;
        foreach (var index in s_indicesByNameLength[name.Length])
        {
            if (!name.SequenceEqual(s_names[index]))
            {
                continue;
            }

            if (nameMatch == 0)
            {
                nameMatch = index;
            }

            if (Latin1Equals(s_values[index], value))
            {
                valueMatch = index;
                break;
            }
        }

        return nameMatch;
    }

    /// <summary>The lowest index whose name is <paramref name="name"/>, or 0 when none is.</summary>
    public static int FindName(ReadOnlySpan<byte> name) => Find(name, ReadOnlySpan<char>.Empty, out _);

    private static bool Latin1Equals(ReadOnlySpan<byte> bytes, ReadOnlySpan<char> chars)
    {
        if (bytes.Length != chars.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != chars[i])
            {
                return false;
            }
        }

        return true;
    }

    private static byte[][] BuildValues()
    {
        var values = new byte[Count + 1][];
        Array.Fill(values, []);
        values[2] = "GET"u8.ToArray();
        values[3] = "POST"u8.ToArray();
        values[4] = "/"u8.ToArray();
        values[5] = "/index.html"u8.ToArray();
        values[6] = "http"u8.ToArray();
        values[7] = "https"u8.ToArray();
        values[8] = "200"u8.ToArray();
        values[9] = "204"u8.ToArray();
        values[10] = "206"u8.ToArray();
        values[11] = "304"u8.ToArray();
        values[12] = "400"u8.ToArray();
        values[13] = "404"u8.ToArray();
        values[14] = "500"u8.ToArray();
        values[16] = "gzip, deflate"u8.ToArray();
        return values;
    }

    private static int[][] BuildLengthBuckets()
    {
        var maxLength = 0;
        for (var i = 1; i <= Count; i++)
        {
            maxLength = Math.Max(maxLength, s_names[i].Length);
        }

        var buckets = new List<int>[maxLength + 1];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = [];
        }

        // Ascending order, so the first name match found is the lowest index, as the RFC's examples use.
        for (var i = 1; i <= Count; i++)
        {
            buckets[s_names[i].Length].Add(i);
        }

        return Array.ConvertAll(buckets, bucket => bucket.ToArray());
    }
}
