using System.Net;
using System.Net.Http;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// The payload as request content, counting how often the HTTP/2 stack starts writing it (SocketsHttpHandler through
/// the serialize methods, PushGrpc's own client through <see cref="CountWrite"/>). The handler writes the
/// body right after queueing the HEADERS frame, so a count of 0 means APNs cannot have processed the request (the
/// send failed before the stream was opened: no connection, connect backoff, stream never started); every count
/// means one request that reached (or may have reached) the wire. The handler resends on its own when a stream was
/// refused (RST_STREAM REFUSED_STREAM) or lay above a GOAWAY's last-stream-id, so the count also makes those
/// invisible resends visible in <see cref="ApnsResponse.Attempts"/>.
/// </summary>
internal sealed class ApnsPayloadContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _payload;
    private int _writes;

    public ApnsPayloadContent(ReadOnlyMemory<byte> payload) => _payload = payload;

    /// <summary>Times the body was (started to be) written.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>The body, for PushGrpc's own HTTP/2 client, which frames it without a stream in between.</summary>
    internal ReadOnlyMemory<byte> Payload => _payload;

    /// <summary>PushGrpc's own HTTP/2 client put the request on the wire (its HEADERS and what the windows allow of the body).</summary>
    internal void CountWrite() => Interlocked.Increment(ref _writes);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return stream.WriteAsync(_payload, cancellationToken).AsTask();
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        stream.Write(_payload.Span);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _payload.Length;
        return true;
    }

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(_payload.ToArray(), writable: false));
}
