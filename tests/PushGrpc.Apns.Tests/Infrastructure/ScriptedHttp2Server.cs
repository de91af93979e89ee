using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;
using PushGrpc.Apns.Internal.Http2;

namespace PushGrpc.Apns.Tests.Infrastructure;

/// <summary>One frame the client sent, as it was on the wire.</summary>
internal sealed record ClientFrame(FrameType Type, byte Flags, int StreamId, byte[] Payload)
{
    /// <summary>On the frame that completes a header block (HEADERS or its last CONTINUATION): the block as sent.</summary>
    public byte[]? HeaderBlock { get; init; }

    /// <summary>On the frame that completes a header block: its fields, decoded with the connection's HPACK decoder.</summary>
    public IReadOnlyList<(string Name, string Value)>? Fields { get; init; }

    public bool Has(byte flag) => (Flags & flag) != 0;

    /// <summary>RST_STREAM's or GOAWAY's error code.</summary>
    public Http2Error ErrorCode => (Http2Error)BinaryPrimitives.ReadUInt32BigEndian(Type == FrameType.GoAway ? Payload.AsSpan(4) : Payload);

    public int WindowIncrement => BinaryPrimitives.ReadInt32BigEndian(Payload) & int.MaxValue;

    public override string ToString() => $"{Type} flags=0x{Flags:x2} stream={StreamId} length={Payload.Length}";
}

/// <summary>What the server saw of one complete request (HEADERS to END_STREAM).</summary>
internal sealed record ClientRequest(int StreamId, IReadOnlyList<(string Name, string Value)> Fields, byte[] HeaderBlock, byte[] Body)
{
    public string this[string name] => Fields.First(field => field.Name == name).Value;
}

/// <summary>
/// A TLS HTTP/2 endpoint on loopback whose every frame a test writes by hand, for the protocol cases a real server
/// (Kestrel) never produces. It only accepts connections (TLS with ALPN h2) and hands each to the test as a
/// <see cref="ScriptedHttp2Connection"/>; nothing is answered unless the test says so.
/// </summary>
internal sealed class ScriptedHttp2Server : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly List<SslApplicationProtocol> _protocols;
    private readonly bool _answerPings;
    private readonly Channel<ScriptedHttp2Connection> _accepted = Channel.CreateUnbounded<ScriptedHttp2Connection>();
    private readonly List<ScriptedHttp2Connection> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _connectionsAccepted;

    /// <param name="answerPings">Answer the client's PINGs on the read loop itself, as a live server does.</param>
    /// <param name="protocols">What the server offers in ALPN; h2 unless a test wants the client to find no HTTP/2.</param>
    public ScriptedHttp2Server(X509Certificate2 certificate, bool answerPings = false, SslApplicationProtocol[]? protocols = null)
    {
        _certificate = certificate;
        _answerPings = answerPings;
        _protocols = [.. protocols ?? [SslApplicationProtocol.Http2]];
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>TCP connections accepted so far, whatever became of their handshake.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>The next connection whose TLS handshake completed, in accept order.</summary>
    public async Task<ScriptedHttp2Connection> AcceptAsync() =>
        await _accepted.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop.WaitAsync(TestTimeouts.Default);
        ScriptedHttp2Connection[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connectionsAccepted);
            _ = HandshakeAsync(socket);
        }
    }

    private async Task HandshakeAsync(Socket socket)
    {
        socket.NoDelay = true;
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TestTimeouts.Default);
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ApplicationProtocols = _protocols.Count == 0 ? null : _protocols,
                }, timeout.Token);
        }
        catch (Exception)
        {
            // A client that gives up on the handshake (wrong ALPN, test over) is the client's business.
            await tls.DisposeAsync();
            return;
        }

        var connection = new ScriptedHttp2Connection(socket, tls, _answerPings);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        _accepted.Writer.TryWrite(connection);
    }
}

/// <summary>
/// One accepted connection. A background loop reads the client preface and then every frame into a queue the test
/// reads in order (<see cref="ReadFrameAsync"/>, or <see cref="ReadRequestAsync"/> for whole requests); client header
/// blocks are decoded there with one <see cref="HpackDecoder"/> per connection, as the server's decoder must see them
/// in wire order. Writes are raw frames, serialized.
/// </summary>
internal sealed class ScriptedHttp2Connection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SslStream _tls;
    private readonly bool _answerPings;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<ClientFrame> _frames = Channel.CreateUnbounded<ClientFrame>();
    private readonly Dictionary<int, (ClientFrame Headers, MemoryStream Body)> _partial = [];
    private readonly Queue<ClientRequest> _requests = new();
    private readonly Task _readLoop;
    private int _pingsReceived;
    private long _nextPing;

    public ScriptedHttp2Connection(Socket socket, SslStream tls, bool answerPings)
    {
        _socket = socket;
        _tls = tls;
        _answerPings = answerPings;
        _readLoop = ReadLoopAsync();
    }

    public HpackDecoder Decoder { get; } = new();

    /// <summary>Completes when the client closed (or reset) the connection; the frames before it stay readable.</summary>
    public Task Closed => _readLoop;

    /// <summary>PINGs the client sent (keep-alive), answered or not.</summary>
    public int PingsReceived => Volatile.Read(ref _pingsReceived);

    /// <summary>
    /// The client's next frame; throws <see cref="EndOfStreamException"/> once the client has closed the connection.
    /// Whatever the reading method, frames also feed <see cref="ReadRequestAsync"/>'s view of requests.
    /// </summary>
    public async Task<ClientFrame> ReadFrameAsync() =>
        await TryReadFrameAsync(TestTimeouts.Default) ?? throw new TimeoutException("No frame from the client within the test timeout.");

    /// <summary>The next frame if one comes within <paramref name="within"/>, else null.</summary>
    public async Task<ClientFrame?> TryReadFrameAsync(TimeSpan within)
    {
        ClientFrame? frame;
        while (!_frames.Reader.TryRead(out frame))
        {
            // WaitToReadAsync, not ReadAsync: a wait given up on must not swallow the frame that comes after it.
            bool more;
            try
            {
                more = await _frames.Reader.WaitToReadAsync().AsTask().WaitAsync(within);
            }
            catch (TimeoutException)
            {
                return null;
            }

            if (!more)
            {
                throw new EndOfStreamException("The client closed the connection.");
            }
        }

        Track(frame);
        return frame;
    }

    /// <summary>The next frame of <paramref name="type"/>; others in between are skipped (and still feed <see cref="ReadRequestAsync"/>).</summary>
    public async Task<ClientFrame> ReadFrameAsync(FrameType type)
    {
        while (true)
        {
            var frame = await ReadFrameAsync();
            if (frame.Type == type)
            {
                return frame;
            }
        }
    }

    /// <summary>
    /// The next complete request (its HEADERS and DATA up to END_STREAM, interleaved with other streams' frames as
    /// flow control may make them), in the order they completed. SETTINGS, WINDOW_UPDATE and PING are skipped;
    /// anything else (RST_STREAM, GOAWAY) fails the test.
    /// </summary>
    public async Task<ClientRequest> ReadRequestAsync()
    {
        ClientRequest? request;
        while (!_requests.TryDequeue(out request))
        {
            var frame = await ReadFrameAsync();
            if (frame.Type is not (FrameType.Headers or FrameType.Continuation or FrameType.Data))
            {
                ThrowUnlessHousekeeping(frame);
            }
        }

        return request;
    }

    /// <summary>
    /// Sends a PING and reads up to its ACK; returns the frames in between. The client handles frames in order and
    /// writes in order, so these are exactly what it sent in reaction to everything this side sent before the PING.
    /// </summary>
    public async Task<List<ClientFrame>> PingRoundTripAsync()
    {
        var payload = BitConverter.GetBytes(Interlocked.Increment(ref _nextPing) | 0x5a5a_0000_0000_0000L);
        await SendPingAsync(payload);
        var frames = new List<ClientFrame>();
        while (true)
        {
            var frame = await ReadFrameAsync();
            if (frame is { Type: FrameType.Ping } && frame.Has(FrameFlags.Ack) && frame.Payload.AsSpan().SequenceEqual(payload))
            {
                return frames;
            }

            frames.Add(frame);
        }
    }

    /// <summary>Reads frames until the client closes the connection; returns them.</summary>
    public async Task<List<ClientFrame>> ReadUntilClosedAsync()
    {
        var frames = new List<ClientFrame>();
        try
        {
            while (true)
            {
                frames.Add(await ReadFrameAsync());
            }
        }
        catch (EndOfStreamException)
        {
            return frames;
        }
    }

    public Task SendSettingsAsync(params (SettingId Id, uint Value)[] settings)
    {
        var payload = new byte[6 * settings.Length];
        for (var i = 0; i < settings.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(6 * i), (ushort)settings[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(6 * i + 2), settings[i].Value);
        }

        return SendFrameAsync(FrameType.Settings, 0, 0, payload);
    }

    public Task SendSettingsAckAsync() => SendFrameAsync(FrameType.Settings, FrameFlags.Ack, 0, []);

    /// <param name="padding">Bytes of padding; any other than 0 sets PADDED.</param>
    public Task SendHeadersAsync(int streamId, byte[] block, bool endStream, bool endHeaders = true, byte padding = 0) =>
        SendFrameAsync(
            FrameType.Headers,
            (byte)((endStream ? FrameFlags.EndStream : 0) | (endHeaders ? FrameFlags.EndHeaders : 0)),
            streamId,
            block,
            padding);

    public Task SendContinuationAsync(int streamId, byte[] fragment, bool endHeaders) =>
        SendFrameAsync(FrameType.Continuation, endHeaders ? FrameFlags.EndHeaders : (byte)0, streamId, fragment);

    public Task SendDataAsync(int streamId, byte[] data, bool endStream, byte padding = 0) =>
        SendFrameAsync(FrameType.Data, endStream ? FrameFlags.EndStream : (byte)0, streamId, data, padding);

    public Task SendRstStreamAsync(int streamId, Http2Error error)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)error);
        return SendFrameAsync(FrameType.RstStream, 0, streamId, payload);
    }

    public Task SendGoAwayAsync(int lastStreamId, Http2Error error, string debug = "")
    {
        var payload = new byte[8 + Encoding.UTF8.GetByteCount(debug)];
        BinaryPrimitives.WriteInt32BigEndian(payload, lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)error);
        Encoding.UTF8.GetBytes(debug, payload.AsSpan(8));
        return SendFrameAsync(FrameType.GoAway, 0, 0, payload);
    }

    public Task SendPingAsync(byte[] payload, bool ack = false) =>
        SendFrameAsync(FrameType.Ping, ack ? FrameFlags.Ack : (byte)0, 0, payload);

    public Task SendWindowUpdateAsync(int streamId, int increment)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, increment);
        return SendFrameAsync(FrameType.WindowUpdate, 0, streamId, payload);
    }

    /// <summary>A final answer without body: HEADERS with END_STREAM.</summary>
    public Task AnswerAsync(int streamId, int status = 200, params (string Name, string Value)[] fields) =>
        SendHeadersAsync(streamId, EncodeHeaders([(":status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. fields]), endStream: true);

    /// <summary>Any frame, as given; <paramref name="padding"/> other than 0 sets PADDED (for DATA and HEADERS).</summary>
    public async Task SendFrameAsync(FrameType type, byte flags, int streamId, byte[] payload, byte padding = 0)
    {
        if (padding != 0)
        {
            payload = [padding, .. payload, .. new byte[padding]];
            flags |= FrameFlags.Padded;
        }

        var frame = new byte[Http2Protocol.FrameHeaderLength + payload.Length];
        Http2Protocol.WriteFrameHeader(frame, payload.Length, type, flags, streamId);
        payload.CopyTo(frame, Http2Protocol.FrameHeaderLength);
        await _writeLock.WaitAsync().WaitAsync(TestTimeouts.Default);
        try
        {
            await _tls.WriteAsync(frame).AsTask().WaitAsync(TestTimeouts.Default);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// A header block of literals without indexing and with new names (RFC 7541 §6.2.2), strings raw: what any decoder
    /// reads without touching its dynamic table.
    /// </summary>
    public static byte[] EncodeHeaders(params (string Name, string Value)[] fields)
    {
        var block = new List<byte>();
        foreach (var (name, value) in fields)
        {
            block.Add(0x00);
            AddString(block, Encoding.Latin1.GetBytes(name));
            AddString(block, Encoding.Latin1.GetBytes(value));
        }

        return [.. block];

        static void AddString(List<byte> block, byte[] bytes)
        {
            // RFC 7541 §5.1 integer with a 7-bit prefix, H bit clear.
            var length = bytes.Length;
            if (length < 127)
            {
                block.Add((byte)length);
            }
            else
            {
                block.Add(127);
                for (length -= 127; length >= 128; length >>= 7)
                {
                    block.Add((byte)(length | 0x80));
                }

                block.Add((byte)length);
            }

            block.AddRange(bytes);
        }
    }

    /// <summary>Closes the TCP connection at once (RST), as a crashed server or a cut network path would.</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _tls.DisposeAsync();
        await _readLoop.WaitAsync(TestTimeouts.Default);
        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            var preface = new byte[Http2Protocol.ClientPreface.Length];
            await _tls.ReadExactlyAsync(preface);
            if (!preface.AsSpan().SequenceEqual(Http2Protocol.ClientPreface))
            {
                throw new InvalidDataException("The client did not start with the HTTP/2 preface.");
            }

            var header = new byte[Http2Protocol.FrameHeaderLength];
            var block = new MemoryStream();
            while (true)
            {
                await _tls.ReadExactlyAsync(header);
                var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
                await _tls.ReadExactlyAsync(payload);
                var frame = new ClientFrame((FrameType)header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & int.MaxValue, payload);
                if (frame.Type is FrameType.Headers or FrameType.Continuation)
                {
                    frame = CollectHeaderBlock(frame, block);
                }
                else if (frame is { Type: FrameType.Ping } && !frame.Has(FrameFlags.Ack))
                {
                    Interlocked.Increment(ref _pingsReceived);
                    if (_answerPings)
                    {
                        await SendPingAsync(payload, ack: true);
                    }
                }

                _frames.Writer.TryWrite(frame);
            }
        }
        catch (EndOfStreamException)
        {
            // The client closed the connection: the normal end.
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // Reset by the client, or closed by this side (Abort, DisposeAsync).
        }
        catch (Exception ex)
        {
            error = ex;
        }

        _frames.Writer.TryComplete(error);
    }

    // HEADERS (less its padding and priority fields) and CONTINUATIONs are one block; decoded when it is complete.
    private ClientFrame CollectHeaderBlock(ClientFrame frame, MemoryStream block)
    {
        var fragment = frame.Payload.AsSpan();
        if (frame.Type == FrameType.Headers)
        {
            block.SetLength(0);
            if (frame.Has(FrameFlags.Padded))
            {
                fragment = fragment[1..^fragment[0]];
            }

            if (frame.Has(FrameFlags.Priority))
            {
                fragment = fragment[5..];
            }
        }

        block.Write(fragment);
        if (!frame.Has(FrameFlags.EndHeaders))
        {
            return frame;
        }

        var fields = new FieldList();
        var bytes = block.ToArray();
        Decoder.Decode(bytes, fields);
        return frame with { HeaderBlock = bytes, Fields = fields };
    }

    // Assembles requests from whatever frames the test reads, in whichever way it reads them.
    private void Track(ClientFrame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Headers:
                _partial[frame.StreamId] = (frame, new MemoryStream());
                break;
            case FrameType.Data when _partial.TryGetValue(frame.StreamId, out var partial):
                var data = frame.Payload.AsSpan();
                partial.Body.Write(frame.Has(FrameFlags.Padded) ? data[1..^data[0]] : data);
                break;
            case FrameType.Continuation:
                break;
            default:
                return;
        }

        if (!_partial.TryGetValue(frame.StreamId, out var request))
        {
            return;
        }

        if (frame.Fields is not null)
        {
            request = (request.Headers with { HeaderBlock = frame.HeaderBlock, Fields = frame.Fields }, request.Body);
            _partial[frame.StreamId] = request;
        }

        // END_STREAM is on HEADERS (no body: done when its block is) or on the last DATA.
        var ended = frame.Fields is not null ? request.Headers.Has(FrameFlags.EndStream) : frame.Type == FrameType.Data && frame.Has(FrameFlags.EndStream);
        if (ended && request.Headers.Fields is not null)
        {
            _partial.Remove(frame.StreamId);
            _requests.Enqueue(new ClientRequest(frame.StreamId, request.Headers.Fields, request.Headers.HeaderBlock!, request.Body.ToArray()));
        }
    }

    private static void ThrowUnlessHousekeeping(ClientFrame frame)
    {
        if (frame.Type is not (FrameType.Settings or FrameType.WindowUpdate or FrameType.Ping))
        {
            throw new InvalidOperationException($"Unexpected frame from the client: {frame}.");
        }
    }

    private sealed class FieldList : List<(string Name, string Value)>, IHpackHeaderHandler
    {
        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
    }
}
