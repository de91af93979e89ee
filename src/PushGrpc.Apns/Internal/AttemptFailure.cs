using System.Net.Http;

namespace PushGrpc.Apns.Internal;

/// <summary>What a failed attempt (no HTTP answer) means for resending it.</summary>
internal enum AttemptFate
{
    /// <summary>Nothing reached APNs (no connection, no stream): resend freely, no duplicate possible.</summary>
    NotSent,

    /// <summary>Written, but APNs said it did not process it (REFUSED_STREAM): resend freely.</summary>
    NeverProcessed,

    /// <summary>Written and then the stream or connection died, or the attempt timed out: APNs may have delivered it.</summary>
    Unknown,
}

/// <summary>
/// Tells apart, from what the HTTP/2 stack surfaces plus the frame observer, whether a request that got no answer
/// may have been processed by APNs. PushGrpc's own client (<see cref="Http2.Http2Handler"/>) surfaces the same
/// exception kinds as SocketsHttpHandler, described below; it knows more exactly which streams were not processed
/// (GOAWAY above last-stream-id included) and resends those itself, ending with ErrorCode 0x7 when they were refused
/// every time. When in doubt the answer is <see cref="AttemptFate.Unknown"/>: resending then
/// needs the notification's consent and marks the result possibly duplicated.
/// <para>
/// Signal → case (SocketsHttpHandler, .NET 8–10, HTTP/2):
/// <list type="bullet">
/// <item>Body never started (<see cref="ApnsPayloadContent.Writes"/> is 0): connect/TLS failure
/// (HttpRequestError.ConnectionError, SecureConnectionError, NameResolutionError), connect backoff, timeout while
/// waiting for a stream or a connection, connection already shutting down when the stream was to open → NotSent.
/// The handler writes the body right after queueing HEADERS, and APNs cannot process a request whose body it never
/// got, so this is safe even if HEADERS went out.</item>
/// <item>RST_STREAM REFUSED_STREAM: the handler resends by itself on a (new) connection, up to 3 times in one call
/// (RequestRetryType.RetryOnConnectionFailure, internal). Each resend shows as one more body write. When it gives up
/// the exception carries an <see cref="HttpProtocolException"/> with ErrorCode 0x7. A GOAWAY with error code 0x7
/// produces the same ErrorCode for streams that were processed, so ErrorCode 0x7 counts as REFUSED_STREAM only when
/// the slot saw no GOAWAY with code 0x7 during the attempt (the frame observer counts them) → NeverProcessed;
/// otherwise Unknown.</item>
/// <item>GOAWAY, stream above last-stream-id: the handler resends by itself on a new connection (same mechanism as
/// REFUSED_STREAM; it shows as one more body write, no duplicate mark). If it still surfaces after the handler's
/// retries it looks exactly like the next case (HttpProtocolError, connection-level HttpProtocolException with the
/// GOAWAY's code) and the exception does not say which stream it was → Unknown (safe side).</item>
/// <item>GOAWAY, stream at or below last-stream-id, and the connection then closes before the answer; connection
/// reset or EOF (HttpRequestError.ResponseEnded / HttpIOError, IOException, SocketException inside); RST_STREAM with
/// any other code (INTERNAL_ERROR, CANCEL, …); keep-alive PING unanswered (HttpProtocolError, PROTOCOL_ERROR,
/// "ping request timed out"); our per-attempt timeout after the body started → Unknown.</item>
/// </list>
/// </para>
/// </summary>
internal static class AttemptFailure
{
    private const long RefusedStream = 0x7;

    public static AttemptFate Classify(Exception exception, int bodyWrites, bool refusedStreamGoAwaySeen)
    {
        if (bodyWrites == 0)
        {
            return AttemptFate.NotSent;
        }

        return FindProtocolError(exception) is { ErrorCode: RefusedStream } && !refusedStreamGoAwaySeen
            ? AttemptFate.NeverProcessed
            : AttemptFate.Unknown;
    }

    /// <summary>
    /// The fate of a request that got no answer, and how many requests it made. One with a body
    /// (<see cref="ApnsPayloadContent"/>: pushes, broadcasts, channel create) is judged by its writes, as above. One
    /// without (channel read, delete, list) shows no writes: a connect failure sent nothing, anything else counts as
    /// one request of unknown fate. A request that was never built (<paramref name="request"/> null) sent nothing.
    /// </summary>
    public static (AttemptFate Fate, int Sent) Classify(HttpRequestMessage? request, Exception exception, bool refusedStreamGoAwaySeen)
    {
        if (request?.Content is ApnsPayloadContent content)
        {
            var writes = content.Writes;
            return (Classify(exception, writes, refusedStreamGoAwaySeen), writes);
        }

        var notConnected = request is null || exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError,
        };
        return notConnected ? (AttemptFate.NotSent, 0) : (AttemptFate.Unknown, 1);
    }

    private static HttpProtocolException? FindProtocolError(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is HttpProtocolException protocol)
            {
                return protocol;
            }
        }

        return null;
    }
}
