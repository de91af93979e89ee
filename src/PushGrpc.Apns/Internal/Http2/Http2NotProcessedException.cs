namespace PushGrpc.Apns.Internal.Http2;

/// <summary>
/// The server certainly did not process the request, so it may be sent again as it is: it never got a stream (the
/// connection ended or was told to go away first), the server refused the stream (RST_STREAM REFUSED_STREAM), or the
/// stream lay above a GOAWAY's last-stream-id (RFC 9113 §6.8, §8.7).
/// </summary>
internal sealed class Http2NotProcessedException(bool wasOpened, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The stream's HEADERS were queued for the wire; false when it never got a stream.</summary>
    public bool WasOpened { get; } = wasOpened;
}
