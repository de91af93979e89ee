using System.Net.Security;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// An <see cref="SslStream"/> that shows every decrypted byte it hands to the HTTP/2 stack to an
/// <see cref="Http2FrameReader"/>. Returned, already authenticated, from SocketsHttpHandler.ConnectCallback: since
/// .NET 7 the handler uses such a stream (or a subclass) as is instead of doing its own TLS handshake
/// (dotnet/runtime#63851). PushGrpc's own HTTP/2 client reads through it too, so a pool slot sees the same frames
/// whichever stack it runs. Only reads are observed; writes pass through untouched.
/// </summary>
internal sealed class ObservingSslStream : SslStream
{
    private readonly Http2FrameReader _frames;

    // HTTP/2 has a single reader per connection. The flag makes sure bytes are observed once even if one SslStream
    // read overload is implemented on top of another (an implementation detail this class must not depend on).
    private bool _inRead;

    public ObservingSslStream(Stream innerStream, Http2FrameReader frames)
        : base(innerStream, leaveInnerStreamOpen: false) => _frames = frames;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_inRead)
        {
            return await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        _inRead = true;
        try
        {
            var read = await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Observe(buffer.Span[..read], buffer.Length);
            return read;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _frames.Closed();
            throw;
        }
        finally
        {
            _inRead = false;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_inRead)
        {
            return base.Read(buffer, offset, count);
        }

        _inRead = true;
        try
        {
            var read = base.Read(buffer, offset, count);
            Observe(buffer.AsSpan(offset, read), count);
            return read;
        }
        finally
        {
            _inRead = false;
        }
    }

    public override int Read(Span<byte> buffer)
    {
        if (_inRead)
        {
            return base.Read(buffer);
        }

        _inRead = true;
        try
        {
            var read = base.Read(buffer);
            Observe(buffer[..read], buffer.Length);
            return read;
        }
        finally
        {
            _inRead = false;
        }
    }

    // SocketsHttpHandler issues zero-byte reads to wait for data: only an empty answer to a real read is EOF.
    private void Observe(ReadOnlySpan<byte> read, int requested)
    {
        if (read.IsEmpty)
        {
            if (requested > 0)
            {
                _frames.Closed();
            }

            return;
        }

        _frames.Observe(read);
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }
}
