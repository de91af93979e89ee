using System.Buffers;
using System.Buffers.Text;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace PushGrpc.Apns.Internal.Http2;

/// <summary>Static-table entries a request uses whole (RFC 7541 Appendix A).</summary>
internal static class HpackStaticIndex
{
    public const int MethodGet = 2;
    public const int MethodPost = 3;
    public const int SchemeHttps = 7;
}

/// <summary>
/// A request's regular header fields in HPACK. Fields whose value repeats from request to request (the provider
/// token, topic, push type, priority) go into the dynamic table, so after the first request each is one byte; the rest
/// (apns-id, expiration, collapse id) are literals that leave the table alone.
/// </summary>
internal static class Http2RequestHeaders
{
    // Longer names are written through a heap buffer; APNs's are at most 16 characters.
    private const int MaxStackName = 64;

    /// <summary>
    /// Checks what HPACK cannot carry before anything is encoded: a field that fails half-way through a block would
    /// leave the encoder's table out of step with the server's. Null when the request can be sent.
    /// </summary>
    public static string? Problem(HttpRequestMessage request)
    {
        foreach (var header in request.Headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 || value.AsSpan().ContainsAnyExceptInRange((char)0, (char)0xFF))
                {
                    return $"header {header.Key} has a character HTTP/2 cannot carry (CR, LF, NUL or beyond Latin-1)";
                }
            }
        }

        return null;
    }

    public static void Write(HpackEncoder encoder, IBufferWriter<byte> output, HttpRequestMessage request, int bodyLength)
    {
        Span<byte> nameBuffer = stackalloc byte[MaxStackName];
        foreach (var header in request.Headers.NonValidated)
        {
            var name = LowerCase(header.Key, nameBuffer);
            if (IsConnectionSpecific(name))
            {
                continue;
            }

            var indexable = IsRepeating(name);
            foreach (var value in header.Value)
            {
                if (indexable)
                {
                    encoder.WriteIndexable(output, name, value);
                }
                else
                {
                    encoder.WriteLiteral(output, name, value);
                }
            }
        }

        if (request.Content is null)
        {
            return;
        }

        Span<byte> digits = stackalloc byte[11];
        Utf8Formatter.TryFormat(bodyLength, digits, out var written);
        encoder.WriteLiteral(output, "content-length"u8, digits[..written]);
        if (request.Content is ApnsPayloadContent)
        {
            // APNs bodies carry no content headers.
            return;
        }

        foreach (var header in request.Content.Headers.NonValidated)
        {
            var name = LowerCase(header.Key, nameBuffer);
            if (name.SequenceEqual("content-length"u8))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                encoder.WriteLiteral(output, name, value);
            }
        }
    }

    private static ReadOnlySpan<byte> LowerCase(string name, Span<byte> buffer)
    {
        var destination = name.Length <= buffer.Length ? buffer : new byte[name.Length];
        Ascii.ToLower(name, destination, out var written);
        return destination[..written];
    }

    private static bool IsRepeating(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("authorization"u8) || name.SequenceEqual("apns-topic"u8) ||
        name.SequenceEqual("apns-push-type"u8) || name.SequenceEqual("apns-priority"u8);

    // Fields HTTP/2 forbids (RFC 9113 §8.2.2); HttpClient would have dropped them too.
    private static bool IsConnectionSpecific(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("connection"u8) || name.SequenceEqual("host"u8) || name.SequenceEqual("keep-alive"u8) ||
        name.SequenceEqual("proxy-connection"u8) || name.SequenceEqual("transfer-encoding"u8) ||
        name.SequenceEqual("upgrade"u8) || name.SequenceEqual("te"u8);
}
