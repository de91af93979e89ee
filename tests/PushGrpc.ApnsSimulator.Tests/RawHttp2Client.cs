using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>
/// A bare-bones HTTP/2 client over TLS (ALPN h2) that shows the frames themselves: GOAWAY's last-stream-id and debug
/// data, SETTINGS, RST_STREAM codes. It sends what a test tells it, including streams beyond the server's limit, which
/// HttpClient would hold back. HPACK: requests use literals without indexing; of a response only :status is read
/// (Kestrel encodes it first and never Huffman-codes it).
/// </summary>
public sealed class RawHttp2Client : IAsyncDisposable
{
    public const byte Data = 0x0;
    public const byte Headers = 0x1;
    public const byte RstStream = 0x3;
    public const byte Settings = 0x4;
    public const byte Ping = 0x6;
    public const byte GoAway = 0x7;
    public const byte WindowUpdate = 0x8;

    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    private readonly TcpClient tcp;
    private readonly SslStream tls;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly Channel<Frame> frames = Channel.CreateUnbounded<Frame>();
    private readonly Task readLoop;
    private int nextStreamId = 1;

    private RawHttp2Client(TcpClient tcp, SslStream tls)
    {
        this.tcp = tcp;
        this.tls = tls;
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>The server's first SETTINGS frame.</summary>
    public Frame ServerPreface { get; private set; } = null!;

    /// <summary>Set when the server closed the connection (the frame channel then completes).</summary>
    public bool Closed => frames.Reader.Completion.IsCompleted;

    public static async Task<RawHttp2Client> ConnectAsync(ApnsSimulator simulator)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(simulator.BaseAddress.Host, simulator.BaseAddress.Port).Timeout();
        var tls = new SslStream(tcp.GetStream());
        var chain = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        chain.CustomTrustStore.Add(simulator.CaCertificate);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = simulator.BaseAddress.Host,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            CertificateChainPolicy = chain,
        }).Timeout();
        var client = new RawHttp2Client(tcp, tls);
        await client.WriteAsync(Preface).Timeout();
        await client.SendFrameAsync(Settings, 0, 0, []).Timeout();

        // The server's own SETTINGS (its preface) are read here, so later SETTINGS frames are the interesting ones.
        client.ServerPreface = (await client.NextAsync(f => f.Type == Settings && (f.Flags & 0x1) == 0))!;
        return client;
    }

    /// <summary>Opens a stream with a push's HEADERS; the body follows with <see cref="SendDataAsync"/>.</summary>
    public async Task<int> SendHeadersAsync(SimulatorFixture fixture, string deviceToken, string? jwt = null)
    {
        var streamId = Interlocked.Add(ref nextStreamId, 2) - 2;
        var block = new List<byte>();
        void Literal(string name, string value)
        {
            block.Add(0x00); // literal header field without indexing, new name
            AddString(block, name);
            AddString(block, value);
        }

        Literal(":method", "POST");
        Literal(":scheme", "https");
        Literal(":authority", $"{fixture.Simulator.BaseAddress.Host}:{fixture.Simulator.BaseAddress.Port}");
        Literal(":path", $"/3/device/{deviceToken}");
        Literal("authorization", $"bearer {jwt ?? fixture.CreateJwt()}");
        Literal("apns-topic", SimulatorFixture.BundleId);
        await SendFrameAsync(Headers, 0x4 /* END_HEADERS */, streamId, [.. block]).Timeout();
        return streamId;
    }

    public Task SendDataAsync(int streamId, string body = SimulatorFixture.AlertPayload) =>
        SendFrameAsync(Data, 0x1 /* END_STREAM */, streamId, Encoding.UTF8.GetBytes(body)).Timeout();

    /// <summary>A whole push: HEADERS then DATA with END_STREAM.</summary>
    public async Task<int> SendPushAsync(SimulatorFixture fixture, string deviceToken, string? jwt = null)
    {
        var streamId = await SendHeadersAsync(fixture, deviceToken, jwt);
        await SendDataAsync(streamId);
        return streamId;
    }

    /// <summary>The next frame that satisfies <paramref name="match"/> (others are skipped); null when the connection closed first.</summary>
    public async Task<Frame?> NextAsync(Func<Frame, bool> match)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (await frames.Reader.WaitToReadAsync(timeout.Token))
        {
            while (frames.Reader.TryRead(out var frame))
            {
                if (match(frame))
                {
                    return frame;
                }
            }
        }

        return null;
    }

    /// <summary>Every frame until the server closes the connection.</summary>
    public async Task<List<Frame>> ReadUntilClosedAsync()
    {
        var all = new List<Frame>();
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await foreach (var frame in frames.Reader.ReadAllAsync(timeout.Token))
        {
            all.Add(frame);
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        tcp.Dispose();
        await tls.DisposeAsync();
        await readLoop.WaitAsync(TestTimeouts.Default);
        writeLock.Dispose();
    }

    private static void AddString(List<byte> block, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length < 127)
        {
            block.Add((byte)bytes.Length);
        }
        else
        {
            // HPACK integer with a 7-bit prefix.
            block.Add(127);
            var rest = bytes.Length - 127;
            while (rest >= 128)
            {
                block.Add((byte)((rest % 128) + 128));
                rest /= 128;
            }

            block.Add((byte)rest);
        }

        block.AddRange(bytes);
    }

    private async Task SendFrameAsync(byte type, byte flags, int streamId, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, 9);
        await WriteAsync(frame);
    }

    private async Task WriteAsync(byte[] bytes)
    {
        await writeLock.WaitAsync();
        try
        {
            await tls.WriteAsync(bytes);
            await tls.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            var header = new byte[9];
            while (true)
            {
                await tls.ReadExactlyAsync(header);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                var payload = new byte[length];
                await tls.ReadExactlyAsync(payload);
                var frame = new Frame(header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7FFFFFFF, payload);
                if (frame.Type == Settings && (frame.Flags & 0x1) == 0)
                {
                    await SendFrameAsync(Settings, 0x1, 0, []);
                }

                frames.Writer.TryWrite(frame);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException or SocketException)
        {
            // The server closed the connection (or the test disposed the client).
        }
        finally
        {
            frames.Writer.TryComplete();
        }
    }

    /// <summary>One frame as received.</summary>
    public sealed record Frame(byte Type, byte Flags, int StreamId, byte[] Payload)
    {
        public bool EndsStream => (Flags & 0x1) != 0 && Type is Data or Headers;

        /// <summary>GOAWAY: (last-stream-id, error code, debug data as text).</summary>
        public (int LastStreamId, int ErrorCode, string DebugData) GoAwayFields =>
            (BinaryPrimitives.ReadInt32BigEndian(Payload) & 0x7FFFFFFF,
             BinaryPrimitives.ReadInt32BigEndian(Payload.AsSpan(4)),
             Encoding.UTF8.GetString(Payload.AsSpan(8)));

        /// <summary>RST_STREAM: the error code.</summary>
        public int RstErrorCode => BinaryPrimitives.ReadInt32BigEndian(Payload);

        /// <summary>SETTINGS: every (id, value) pair.</summary>
        public IReadOnlyList<(int Id, uint Value)> SettingsValues =>
            Enumerable.Range(0, Payload.Length / 6)
                .Select(i => ((int)BinaryPrimitives.ReadUInt16BigEndian(Payload.AsSpan(i * 6)), BinaryPrimitives.ReadUInt32BigEndian(Payload.AsSpan((i * 6) + 2))))
                .ToList();

        /// <summary>HEADERS: the :status (indexed from the static table or a literal with name index 8).</summary>
        public int Status => Payload[0] switch
        {
            0x88 => 200,
            0x89 => 204,
            0x8c => 400,
            0x8d => 404,
            0x8e => 500,
            0x08 => int.Parse(Encoding.ASCII.GetString(Payload, 2, Payload[1]), System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"Unexpected first HPACK byte 0x{Payload[0]:x2}."),
        };
    }
}
