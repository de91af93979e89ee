using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace PushGrpc.Bench;

/// <summary>
/// The same APNs requests as the bare HttpClient, over a single-purpose HTTP/2 client of ~500 lines (one TLS connection,
/// one reader loop, writes coalesced while one is under way, the provider token and topic sent once and then indexed
/// from HPACK's dynamic table): what the APNs side could cost without SocketsHttpHandler, measured, before anyone
/// builds such a client into PushGrpc.Apns. A calibration like h2load, not a client to ship: no retries, no timeouts,
/// no GOAWAY recovery, no Huffman decoding.
/// </summary>
public static class MinimalH2Direct
{
    public static async Task<int> RunAsync(Args args)
    {
        var target = DirectTarget.From(args);
        await using var connection = await MinimalH2Connection.ConnectAsync(target);
        return await DirectPhase.MeasureAsync(args, "h2-minimal", defaultConcurrency: 100,
            concurrency => $"one TLS connection, {concurrency} in flight, JWT signed once, default runtime settings",
            async token =>
            {
                var status = await connection.PostAsync("/3/device/" + token, target.Payload);
                return status == 200 ? null : $"HTTP {status}";
            });
    }
}

/// <summary>One HTTP/2 connection that posts APNs requests and reports each answer's :status.</summary>
internal sealed class MinimalH2Connection : IAsyncDisposable
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8;
    private const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4;
    private const int OurWindow = 1 << 24;

    private readonly TcpClient _tcp;
    private readonly SslStream _tls;
    private readonly byte[] _authority;
    private readonly byte[] _authorization;
    private readonly byte[] _topic;
    private readonly object _writeLock = new();
    private ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private ArrayBufferWriter<byte> _writing = new(64 * 1024);
    private bool _flushing;
    private bool _sentIndexedHeaders;
    private int _nextStreamId = 1;
    private long _sendWindow = 65_535;
    private readonly Queue<(int Stream, byte[] Body)> _waitingForWindow = new();
    private readonly Dictionary<int, Answer> _open = new();
    private readonly List<(byte[] Name, byte[] Value)> _decoderTable = [];
    private int _decoderTableSize;
    private Task? _reader;

    private MinimalH2Connection(TcpClient tcp, SslStream tls, Uri baseAddress, string authorization, string topic)
    {
        _tcp = tcp;
        _tls = tls;
        _authority = Encoding.ASCII.GetBytes(baseAddress.Authority);
        _authorization = Encoding.ASCII.GetBytes(authorization);
        _topic = Encoding.ASCII.GetBytes(topic);
    }

    public static async Task<MinimalH2Connection> ConnectAsync(DirectTarget target)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(target.BaseAddress.Host, target.BaseAddress.Port);
        var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = target.BaseAddress.Host,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            CertificateChainPolicy = target.TrustPolicy(),
        });
        var connection = new MinimalH2Connection(tcp, tls, target.BaseAddress, "bearer " + target.Jwt, target.Topic);
        lock (connection._writeLock)
        {
            connection._pending.Write(Preface);
            // SETTINGS: ENABLE_PUSH 0, INITIAL_WINDOW_SIZE 16 MB; and the connection window to 16 MB as well.
            var settings = connection.Frame(Settings, 0, 0, 12);
            BinaryPrimitives.WriteUInt16BigEndian(settings, 0x2);
            BinaryPrimitives.WriteUInt32BigEndian(settings[2..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(settings[6..], 0x4);
            BinaryPrimitives.WriteUInt32BigEndian(settings[8..], OurWindow);
            connection.Advance(12);
            connection.WriteWindowUpdate(0, OurWindow - 65_535);
        }

        connection.StartFlush();
        connection._reader = connection.ReadLoopAsync();
        return connection;
    }

    /// <summary>Posts one request; the task's result is the answer's :status.</summary>
    public Task<int> PostAsync(string path, byte[] body)
    {
        var answer = new Answer();
        lock (_writeLock)
        {
            var stream = _nextStreamId;
            _nextStreamId += 2;
            lock (_open)
            {
                _open[stream] = answer;
            }

            WriteRequestHeaders(stream, path);
            if (_sendWindow >= body.Length && _waitingForWindow.Count == 0)
            {
                _sendWindow -= body.Length;
                WriteData(stream, body);
            }
            else
            {
                _waitingForWindow.Enqueue((stream, body));
            }
        }

        StartFlush();
        return answer.Task;
    }

    // HPACK (RFC 7541): the pseudo-headers from the static table, :path and :authority as literals with an indexed
    // name; authorization, apns-topic and apns-push-type added to the dynamic table by the first request and sent as
    // one byte each after it (it never holds anything else, so their indices never move).
    private void WriteRequestHeaders(int stream, string path)
    {
        var pathLength = Encoding.ASCII.GetByteCount(path);
        var block = _pending.GetSpan(9 + 512 + pathLength + _authorization.Length + _topic.Length);
        var at = 9;
        block[at++] = 0x83; // :method POST
        block[at++] = 0x87; // :scheme https
        at += WriteLiteral(block[at..], 0x00, 4, 4, path);
        at += WriteLiteral(block[at..], 0x00, 4, 1, _authority);
        if (_sentIndexedHeaders)
        {
            block[at++] = 0x80 | 64; // authorization
            block[at++] = 0x80 | 63; // apns-topic
            block[at++] = 0x80 | 62; // apns-push-type
        }
        else
        {
            at += WriteLiteral(block[at..], 0x40, 6, 23, _authorization);
            at += WriteNewName(block[at..], "apns-topic"u8, _topic);
            at += WriteNewName(block[at..], "apns-push-type"u8, "alert"u8);
            _sentIndexedHeaders = true;
        }

        WriteFrameHeader(block, at - 9, Headers, EndHeaders, stream);
        _pending.Advance(at);
    }

    private static int WriteLiteral(Span<byte> to, byte pattern, int prefixBits, int nameIndex, string value)
    {
        var at = WriteInteger(to, pattern, prefixBits, nameIndex);
        at += WriteInteger(to[at..], 0x00, 7, value.Length);
        return at + Encoding.ASCII.GetBytes(value, to[at..]);
    }

    private static int WriteLiteral(Span<byte> to, byte pattern, int prefixBits, int nameIndex, ReadOnlySpan<byte> value)
    {
        var at = WriteInteger(to, pattern, prefixBits, nameIndex);
        at += WriteInteger(to[at..], 0x00, 7, value.Length);
        value.CopyTo(to[at..]);
        return at + value.Length;
    }

    private static int WriteNewName(Span<byte> to, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        to[0] = 0x40;
        var at = 1 + WriteInteger(to[1..], 0x00, 7, name.Length);
        name.CopyTo(to[at..]);
        at += name.Length;
        at += WriteInteger(to[at..], 0x00, 7, value.Length);
        value.CopyTo(to[at..]);
        return at + value.Length;
    }

    private static int WriteInteger(Span<byte> to, byte pattern, int prefixBits, int value)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            to[0] = (byte)(pattern | value);
            return 1;
        }

        to[0] = (byte)(pattern | max);
        value -= max;
        var at = 1;
        while (value >= 128)
        {
            to[at++] = (byte)((value & 0x7f) | 0x80);
            value >>= 7;
        }

        to[at++] = (byte)value;
        return at;
    }

    private void WriteData(int stream, byte[] body)
    {
        var frame = Frame(Data, EndStream, stream, body.Length);
        body.CopyTo(frame);
        Advance(body.Length);
    }

    private void WriteWindowUpdate(int stream, int increment)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Frame(WindowUpdate, 0, stream, 4), (uint)increment);
        Advance(4);
    }

    /// <summary>Writes a frame header to the pending buffer and returns the span for its payload (then call Advance).</summary>
    private Span<byte> Frame(byte type, byte flags, int stream, int length)
    {
        var span = _pending.GetSpan(9 + length);
        WriteFrameHeader(span, length, type, flags, stream);
        _pending.Advance(9);
        return _pending.GetSpan(length)[..length];
    }

    private void Advance(int length) => _pending.Advance(length);

    private static void WriteFrameHeader(Span<byte> to, int length, byte type, byte flags, int stream)
    {
        to[0] = (byte)(length >> 16);
        to[1] = (byte)(length >> 8);
        to[2] = (byte)length;
        to[3] = type;
        to[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(to[5..], stream);
    }

    // One write at a time; frames added meanwhile go out together with the next one.
    private void StartFlush()
    {
        lock (_writeLock)
        {
            if (_flushing || _pending.WrittenCount == 0)
            {
                return;
            }

            _flushing = true;
        }

        _ = FlushLoopAsync();
    }

    private async Task FlushLoopAsync()
    {
        while (true)
        {
            lock (_writeLock)
            {
                if (_pending.WrittenCount == 0)
                {
                    _flushing = false;
                    return;
                }

                (_pending, _writing) = (_writing, _pending);
            }

            await _tls.WriteAsync(_writing.WrittenMemory);
            _writing.ResetWrittenCount();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[256 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await _tls.ReadAsync(buffer.AsMemory(filled));
                if (read == 0)
                {
                    throw new IOException("connection closed");
                }

                filled += read;
                var used = HandleFrames(buffer.AsSpan(0, filled));
                Buffer.BlockCopy(buffer, used, buffer, 0, filled - used);
                filled -= used;
            }
        }
        catch (Exception ex)
        {
            lock (_open)
            {
                foreach (var answer in _open.Values)
                {
                    answer.Fail(ex);
                }

                _open.Clear();
            }
        }
    }

    private int HandleFrames(ReadOnlySpan<byte> bytes)
    {
        var used = 0;
        var replied = false;
        while (bytes.Length - used >= 9)
        {
            var frame = bytes[used..];
            var length = (frame[0] << 16) | (frame[1] << 8) | frame[2];
            if (frame.Length < 9 + length)
            {
                break;
            }

            var type = frame[3];
            var flags = frame[4];
            var stream = BinaryPrimitives.ReadInt32BigEndian(frame[5..]) & 0x7fffffff;
            var payload = frame.Slice(9, length);
            used += 9 + length;
            switch (type)
            {
                case Headers:
                    var status = DecodeStatus(payload);
                    if ((flags & EndStream) != 0)
                    {
                        Complete(stream, status);
                    }
                    else if (Find(stream) is { } open)
                    {
                        open.Status = status;
                    }

                    break;
                case Data:
                    if (length > 0)
                    {
                        lock (_writeLock)
                        {
                            WriteWindowUpdate(0, length);
                        }

                        replied = true;
                    }

                    if ((flags & EndStream) != 0)
                    {
                        Complete(stream, Find(stream)?.Status ?? 0);
                    }

                    break;
                case RstStream:
                    Complete(stream, -1);
                    break;
                case Settings when (flags & Ack) == 0:
                    lock (_writeLock)
                    {
                        Frame(Settings, Ack, 0, 0);
                    }

                    replied = true;
                    break;
                case Ping when (flags & Ack) == 0:
                    lock (_writeLock)
                    {
                        payload.CopyTo(Frame(Ping, Ack, 0, 8));
                        Advance(8);
                    }

                    replied = true;
                    break;
                case WindowUpdate when stream == 0:
                    lock (_writeLock)
                    {
                        _sendWindow += BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7fffffff;
                        while (_waitingForWindow.TryPeek(out var waiting) && _sendWindow >= waiting.Body.Length)
                        {
                            _waitingForWindow.Dequeue();
                            _sendWindow -= waiting.Body.Length;
                            WriteData(waiting.Stream, waiting.Body);
                            replied = true;
                        }
                    }

                    break;
                case GoAway:
                    throw new IOException("GOAWAY");
            }
        }

        if (replied)
        {
            StartFlush();
        }

        return used;
    }

    private Answer? Find(int stream)
    {
        lock (_open)
        {
            return _open.GetValueOrDefault(stream);
        }
    }

    private void Complete(int stream, int status)
    {
        Answer? answer;
        lock (_open)
        {
            _open.Remove(stream, out answer);
        }

        answer?.Succeed(status);
    }

    // HPACK decoding of an answer's header block: every representation is read (the dynamic table must follow the
    // server's), :status is what is kept.
    private int DecodeStatus(ReadOnlySpan<byte> block)
    {
        var status = 0;
        var at = 0;
        while (at < block.Length)
        {
            var first = block[at];
            byte[] name, value;
            if ((first & 0x80) != 0)
            {
                var index = ReadInteger(block, ref at, 7);
                (name, value) = Entry(index);
            }
            else if ((first & 0xe0) == 0x20)
            {
                ReadInteger(block, ref at, 5); // table size update: ours stays at the default 4,096
                continue;
            }
            else
            {
                var indexing = (first & 0xc0) == 0x40;
                var nameIndex = ReadInteger(block, ref at, indexing ? 6 : 4);
                name = nameIndex == 0 ? ReadString(block, ref at) : Entry(nameIndex).Name;
                value = ReadString(block, ref at);
                if (indexing)
                {
                    AddToTable(name, value);
                }
            }

            if (name.AsSpan().SequenceEqual(":status"u8))
            {
                status = int.Parse(value);
            }
        }

        return status;
    }

    private static readonly (byte[] Name, byte[] Value)[] StaticTable = BuildStaticTable();

    private static (byte[], byte[])[] BuildStaticTable()
    {
        // Only the entries an answer uses are filled in (the :status codes); the rest are names the server may index.
        var table = new (byte[], byte[])[62];
        for (var i = 1; i < 62; i++)
        {
            table[i] = ([], []);
        }

        foreach (var (index, code) in new[] { (8, "200"), (9, "204"), (10, "206"), (11, "304"), (12, "400"), (13, "404"), (14, "500") })
        {
            table[index] = (":status"u8.ToArray(), Encoding.ASCII.GetBytes(code));
        }

        return table;
    }

    private (byte[] Name, byte[] Value) Entry(int index) =>
        index < 62 ? StaticTable[index] : _decoderTable[index - 62];

    private void AddToTable(byte[] name, byte[] value)
    {
        _decoderTable.Insert(0, (name, value));
        _decoderTableSize += 32 + name.Length + value.Length;
        while (_decoderTableSize > 4096)
        {
            var last = _decoderTable[^1];
            _decoderTable.RemoveAt(_decoderTable.Count - 1);
            _decoderTableSize -= 32 + last.Name.Length + last.Value.Length;
        }
    }

    private static int ReadInteger(ReadOnlySpan<byte> block, ref int at, int prefixBits)
    {
        var max = (1 << prefixBits) - 1;
        var value = block[at++] & max;
        if (value < max)
        {
            return value;
        }

        var shift = 0;
        byte next;
        do
        {
            next = block[at++];
            value += (next & 0x7f) << shift;
            shift += 7;
        }
        while ((next & 0x80) != 0);
        return value;
    }

    private static byte[] ReadString(ReadOnlySpan<byte> block, ref int at)
    {
        if ((block[at] & 0x80) != 0)
        {
            throw new NotSupportedException("Huffman-coded header strings are not decoded by this calibration client");
        }

        var length = ReadInteger(block, ref at, 7);
        var value = block.Slice(at, length).ToArray();
        at += length;
        return value;
    }

    public async ValueTask DisposeAsync()
    {
        _tls.Dispose();
        _tcp.Dispose();
        if (_reader is not null)
        {
            await _reader;
        }
    }

    private sealed class Answer
    {
        private readonly TaskCompletionSource<int> _done = new();

        public int Status { get; set; }

        public Task<int> Task => _done.Task;

        public void Succeed(int status) => _done.TrySetResult(status);

        public void Fail(Exception ex) => _done.TrySetException(ex);
    }
}
