using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// One pooled HTTP/2 connection: its own <see cref="SocketsHttpHandler"/> (which keeps exactly one HTTP/2 connection
/// and reconnects it on demand), the admission counter and what was observed of the server's frames.
/// </summary>
internal sealed class ApnsConnection : IHttp2FrameListener, IDisposable
{
    private const uint RefusedStreamError = 0x7;

    // Server stream limit states besides an actual limit.
    private const int LimitUnknown = -1;
    private const int NoServerLimit = int.MaxValue;

    private readonly int _maxStreams;
    private readonly Action _capacityIncreased;
    private readonly ILogger _logger;
    private readonly SslStreamCertificateContext? _clientCertificate;
    private readonly ServerCertificateValidator _serverCertificateValidator;
    private int _inFlight;
    private int _maxInFlightSeen;
    private int _serverMaxConcurrentStreams = LimitUnknown;
    private int _connectionsOpened;
    private int _goAwaysReceived;
    private int _refusedStreams;

    public ApnsConnection(
        int index,
        int maxStreams,
        Action capacityIncreased,
        TimeSpan connectTimeout,
        SslStreamCertificateContext? clientCertificate,
        ServerCertificateValidator serverCertificateValidator,
        ILogger logger)
    {
        Index = index;
        _maxStreams = maxStreams;
        _capacityIncreased = capacityIncreased;
        _clientCertificate = clientCertificate;
        _serverCertificateValidator = serverCertificateValidator;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,

            // One HTTP/2 connection per handler: the pool, not the handler, decides how many connections exist, so it
            // can count streams per connection. Beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS the handler queues.
            EnableMultipleHttp2Connections = false,

            // APNs wants long-lived connections (hours to days) and treats connection churn as abuse (§6.6).
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,

            // APNs drops idle connections silently (§6.5). Pinging idle connections too (Always) finds a dead one
            // before a notification is sent into it; one PING a minute per connection costs nothing.
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectTimeout = connectTimeout,

            // No traceparent/tracestate headers: APNs ignores them and they cost bytes and allocations per request.
            ActivityHeadersPropagator = null,

            // TLS is done in ConnectCallback (SslOptions would be ignored), so this class can watch the frames.
            ConnectCallback = ConnectAsync,
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public int Index { get; }

    public HttpMessageInvoker Invoker { get; }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>RST_STREAM REFUSED_STREAM frames received: non-zero means streams were opened beyond the server's limit.</summary>
    internal int RefusedStreams => Volatile.Read(ref _refusedStreams);

    /// <summary>
    /// How many requests this connection may carry now: our bound, lowered to the server's
    /// SETTINGS_MAX_CONCURRENT_STREAMS. Until the server's SETTINGS arrive on a (re)starting connection it is 1:
    /// SocketsHttpHandler assumes 100 streams before it has seen SETTINGS and would burst past a smaller limit
    /// (APNs starts token connections at 1, §6.3), getting streams refused.
    /// </summary>
    public int EffectiveLimit
    {
        get
        {
            var server = Volatile.Read(ref _serverMaxConcurrentStreams);
            return server == LimitUnknown ? 1 : Math.Min(_maxStreams, server);
        }
    }

    /// <summary>Takes a stream slot unless <see cref="EffectiveLimit"/> requests are already in flight.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _inFlight);
            if (current >= EffectiveLimit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _inFlight, current + 1, current) == current)
            {
                UpdateMaxSeen(current + 1);
                return true;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _inFlight);

    public ApnsConnectionInfo Snapshot()
    {
        var serverLimit = Volatile.Read(ref _serverMaxConcurrentStreams);
        return new ApnsConnectionInfo(
            Index,
            InFlight,
            Volatile.Read(ref _maxInFlightSeen),
            serverLimit is LimitUnknown or NoServerLimit ? null : serverLimit,
            Volatile.Read(ref _connectionsOpened),
            Volatile.Read(ref _goAwaysReceived));
    }

    public void OnSettings(uint? maxConcurrentStreams)
    {
        var previous = Volatile.Read(ref _serverMaxConcurrentStreams);
        int current;
        if (maxConcurrentStreams is { } value)
        {
            current = (int)Math.Min(value, NoServerLimit);
        }
        else if (previous == LimitUnknown)
        {
            // A first SETTINGS without the setting means the server sets no limit (RFC 9113 §6.5.2).
            current = NoServerLimit;
        }
        else
        {
            return;
        }

        Volatile.Write(ref _serverMaxConcurrentStreams, current);
        if (previous == LimitUnknown || current > previous)
        {
            _capacityIncreased();
        }
    }

    public void OnGoAway(int lastStreamId, uint errorCode, string debugData)
    {
        Interlocked.Increment(ref _goAwaysReceived);

        // The handler will open a new connection for the next request: treat it as starting again.
        Volatile.Write(ref _serverMaxConcurrentStreams, LimitUnknown);
        Log.GoAwayReceived(_logger, Index, errorCode, lastStreamId, debugData);
    }

    public void OnResetStream(int streamId, uint errorCode)
    {
        if (errorCode == RefusedStreamError)
        {
            Interlocked.Increment(ref _refusedStreams);
        }
    }

    public void Dispose() => Invoker.Dispose();

    private void UpdateMaxSeen(int value)
    {
        var seen = Volatile.Read(ref _maxInFlightSeen);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref _maxInFlightSeen, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;

        // A DnsEndPoint makes every new connection resolve the host again, which spreads connections over APNs
        // servers as Apple asks (§6.6). The dual-mode socket takes IPv4 and IPv6 addresses.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        ObservingSslStream? stream = null;
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            stream = new ObservingSslStream(new NetworkStream(socket, ownsSocket: true), new Http2FrameReader(this));
            Volatile.Write(ref _serverMaxConcurrentStreams, LimitUnknown);
            await stream.AuthenticateAsClientAsync(CreateSslOptions(endPoint.Host), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                Log.ConnectionFailed(_logger, Index, endPoint.Host, endPoint.Port, ErrorText.Describe(ex));
            }

            throw;
        }

        Interlocked.Increment(ref _connectionsOpened);
        Log.ConnectionOpened(_logger, Index, endPoint.Host, endPoint.Port, stream.SslProtocol, stream.NegotiatedApplicationProtocol);
        return stream;
    }

    private SslClientAuthenticationOptions CreateSslOptions(string host) => new()
    {
        TargetHost = host,
        ApplicationProtocols = [SslApplicationProtocol.Http2],
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,

        // A context (rather than a certificate list) always presents the certificate with its intermediates,
        // whatever CA names the server lists in its certificate request.
        ClientCertificateContext = _clientCertificate,
        RemoteCertificateValidationCallback = _serverCertificateValidator.Validate,
    };
}
