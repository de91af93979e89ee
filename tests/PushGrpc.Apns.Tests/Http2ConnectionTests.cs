using System.Net;
using System.Net.Http;
using PushGrpc.Apns.Internal;
using PushGrpc.Apns.Internal.Http2;
using PushGrpc.Apns.Tests.Infrastructure;

namespace PushGrpc.Apns.Tests;

/// <summary>
/// <see cref="Http2Connection"/> over an in-memory transport whose writes the test can hold: what a request's fate is
/// when the connection ends while its frames are on their way to the socket.
/// </summary>
public sealed class Http2ConnectionTests
{
    private static readonly Http2ConnectionOptions NoKeepAlive = new(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    [Fact]
    public async Task Abort_RequestStillInPendingBuffer_IsNotProcessedWhileOneBeingWrittenMayBe()
    {
        await using var transport = new GatedTransport();
        var connection = Http2Connection.Start(transport, "localhost", NoKeepAlive);

        // The server's first SETTINGS (no stream limit), then the client's SETTINGS ACK is written.
        transport.Deliver([0, 0, 0, (byte)FrameType.Settings, 0, 0, 0, 0, 0]);
        await transport.WaitForWritesAsync(2);

        // From now on writes hang: the first request's frames are taken by the flush and stuck in the socket write,
        // the second's wait in the pending buffer behind them.
        transport.HoldWrites();
        var written = Request(1);
        var writtenSend = connection.SendAsync(new Http2Stream(written, Body(written)), CancellationToken.None);
        await transport.WaitForWritesAsync(3);
        var pending = Request(2);
        var pendingSend = connection.SendAsync(new Http2Stream(pending, Body(pending)), CancellationToken.None);

        connection.Abort(new IOException("the socket died"));

        var lost = await Assert.ThrowsAsync<HttpRequestException>(() => writtenSend.WithTimeout());
        Assert.Equal((AttemptFate.Unknown, 1), AttemptFailure.Classify(written, lost, refusedStreamGoAwaySeen: false));
        var notSent = await Assert.ThrowsAsync<Http2NotProcessedException>(() => pendingSend.WithTimeout());
        Assert.True(notSent.WasOpened);
    }

    [Fact]
    public async Task SendAsync_TokenAlreadyCancelled_OpensNoStream()
    {
        await using var transport = new GatedTransport();
        var connection = Http2Connection.Start(transport, "localhost", NoKeepAlive);
        await transport.WaitForWritesAsync(1);

        var request = Request(1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => connection.SendAsync(new Http2Stream(request, Body(request)), new CancellationToken(canceled: true)).WithTimeout());

        Assert.Equal(0, ((ApnsPayloadContent)request.Content!).Writes);
        connection.Abort(new IOException("done"));
    }

    private static HttpRequestMessage Request(int i)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://localhost/3/device/abc")
        {
            Version = HttpVersion.Version20,
            Content = new ApnsPayloadContent("{\"aps\":{}}"u8.ToArray()),
        };
        request.Headers.TryAddWithoutValidation("apns-id", $"00000000-0000-0000-0000-{i:d12}");
        return request;
    }

    private static ReadOnlyMemory<byte> Body(HttpRequestMessage request) => ((ApnsPayloadContent)request.Content!).Payload;

    /// <summary>
    /// A transport for one connection: reads return what the test delivers; writes complete at once until
    /// <see cref="HoldWrites"/>, after which they never complete (a socket whose peer stopped reading).
    /// </summary>
    private sealed class GatedTransport : Stream
    {
        private readonly System.Threading.Channels.Channel<byte[]> _incoming = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _hold;
        private int _writes;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Deliver(byte[] bytes) => _incoming.Writer.TryWrite(bytes);

        public void HoldWrites() => _hold = true;

        /// <summary>Waits until <paramref name="count"/> writes have started.</summary>
        public async Task WaitForWritesAsync(int count)
        {
            var deadline = DateTime.UtcNow + TestTimeouts.Default;
            while (Volatile.Read(ref _writes) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {_writes} writes, waited for {count}");
                await Task.Delay(10);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = _incoming.Reader.ReadAsync(cancellationToken).AsTask();
            await Task.WhenAny(read, _closed.Task);
            ObjectDisposedException.ThrowIf(!read.IsCompleted, this);
            var bytes = await read;
            bytes.CopyTo(buffer);
            return bytes.Length;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _writes);
            if (_hold)
            {
                await _closed.Task;
                throw new IOException("the transport was closed during the write");
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _closed.TrySetResult();
            base.Dispose(disposing);
        }
    }
}
