using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using PushGrpc.Apns.Internal.Http2;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// One pool slot: its current handler generation (PushGrpc's own <see cref="Http2Handler"/> or a
/// <see cref="SocketsHttpHandler"/>, per <see cref="ApnsClientOptions.HttpStack"/>; either keeps exactly one HTTP/2
/// connection and reconnects it on demand), the admission counter, what was observed of the server's frames, and the
/// reconnect backoff.
/// </summary>
internal sealed class ApnsConnection : IDisposable
{
    private const uint RefusedStreamError = 0x7;

    // Server stream limit states besides an actual limit.
    private const int LimitUnknown = -1;
    private const int NoServerLimit = int.MaxValue;

    private readonly int _maxStreams;
    private readonly Action _capacityIncreased;
    private readonly Action<ApnsReason, string>? _credentialGoAway;
    private readonly ILogger _logger;
    private readonly string _app;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _keepAlivePingDelay;
    private readonly TimeSpan _keepAlivePingTimeout;
    private readonly TimeSpan _reconnectBaseDelay;
    private readonly TimeSpan _reconnectMaxDelay;
    private readonly ApnsHttpStack _httpStack;
    private readonly SslStreamCertificateContext? _clientCertificate;
    private readonly ServerCertificateValidator _serverCertificateValidator;

    // Guards generation swaps, the retired list, the current transport and the backoff state.
    private readonly Lock _lock = new();
    private readonly List<ApnsHandlerGeneration> _retired = [];
    private ApnsHandlerGeneration _current;
    private Transport? _transport;
    private ITimer? _backoffTimer;
    private bool _disposed;

    private int _inFlight;
    private int _maxInFlightSeen;
    private int _serverMaxConcurrentStreams = LimitUnknown;
    private int _connectionsOpened;
    private int _goAwaysReceived;
    private int _refusedStreams;
    private int _refusedStreamGoAways;
    private int _recycles;
    private int _consecutiveFailures;
    private long _retryAtUtcTicks;
    private string? _lastConnectError;

    public ApnsConnection(
        int index,
        ApnsClientOptions options,
        Action capacityIncreased,
        SslStreamCertificateContext? clientCertificate,
        ServerCertificateValidator serverCertificateValidator,
        ILogger logger,
        Action<ApnsReason, string>? credentialGoAway = null)
    {
        Index = index;
        _app = options.MetricsName;
        _maxStreams = options.MaxStreamsPerConnection;
        _capacityIncreased = capacityIncreased;
        _credentialGoAway = credentialGoAway;
        _timeProvider = options.TimeProvider;
        _connectTimeout = options.RequestTimeout;
        _keepAlivePingDelay = options.KeepAlivePingDelay;
        _keepAlivePingTimeout = options.KeepAlivePingTimeout;
        _reconnectBaseDelay = options.ReconnectBaseDelay;
        _reconnectMaxDelay = options.ReconnectMaxDelay;
        _httpStack = options.HttpStack;
        _clientCertificate = clientCertificate;
        _serverCertificateValidator = serverCertificateValidator;
        _logger = logger;
        _current = new ApnsHandlerGeneration(CreateHandler);
    }

    public int Index { get; }

    /// <summary>The current generation's invoker (tests drive the handler directly through it).</summary>
    public HttpMessageInvoker Invoker => Volatile.Read(ref _current).Invoker;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>RST_STREAM REFUSED_STREAM frames received: non-zero means streams were opened beyond the server's limit.</summary>
    internal int RefusedStreams => Volatile.Read(ref _refusedStreams);

    /// <summary>
    /// GOAWAY frames with error code REFUSED_STREAM (APNs: "Maximum active streams violated"). While this count does
    /// not change, a stream error REFUSED_STREAM can only come from an RST_STREAM; see <see cref="AttemptFailure"/>.
    /// </summary>
    internal int RefusedStreamGoAways => Volatile.Read(ref _refusedStreamGoAways);

    /// <summary>The latest connect error (or why the last connection ended before answering).</summary>
    internal string? LastConnectError
    {
        get => Volatile.Read(ref _lastConnectError);
        set => Volatile.Write(ref _lastConnectError, value);
    }

    /// <summary>
    /// How many requests this connection may carry now: our bound, lowered to the server's
    /// SETTINGS_MAX_CONCURRENT_STREAMS. Until the server's SETTINGS arrive on a (re)starting connection it is 1:
    /// SocketsHttpHandler assumes 100 streams before it has seen SETTINGS and would burst past a smaller limit
    /// (APNs starts token connections at 1, §6.3), getting streams refused. (PushGrpc's own client holds itself to one
    /// stream until then as well, which also covers its own resends.)
    /// </summary>
    public int EffectiveLimit
    {
        get
        {
            var server = Volatile.Read(ref _serverMaxConcurrentStreams);
            return server == LimitUnknown ? 1 : Math.Min(_maxStreams, server);
        }
    }

    /// <summary>When the slot may connect again after failures; null when it is not backing off.</summary>
    public DateTimeOffset? RetryAt
    {
        get
        {
            var ticks = Volatile.Read(ref _retryAtUtcTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>True while the slot waits before reconnecting: the pool sends nothing to it.</summary>
    public bool IsBackingOff(DateTimeOffset now)
    {
        var ticks = Volatile.Read(ref _retryAtUtcTicks);
        return ticks != 0 && now.UtcTicks < ticks;
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

    /// <summary>Enters the current handler generation; null once the slot is disposed.</summary>
    public ApnsHandlerGeneration? EnterHandler()
    {
        while (true)
        {
            var generation = Volatile.Read(ref _current);
            if (generation.TryEnter())
            {
                return generation;
            }

            if (Volatile.Read(ref _disposed))
            {
                return null;
            }

            // Recycled between the read and the enter: the new generation is already in place.
        }
    }

    /// <summary>
    /// Replaces <paramref name="used"/> with a new handler, so the next request opens a new connection; the old one
    /// finishes its requests and closes. No-op when <paramref name="used"/> was already replaced.
    /// </summary>
    public void Recycle(ApnsHandlerGeneration used, string why)
    {
        lock (_lock)
        {
            if (_disposed || !ReferenceEquals(_current, used))
            {
                return;
            }

            _retired.RemoveAll(g => g.IsDrained);
            _retired.Add(used);
            Volatile.Write(ref _current, new ApnsHandlerGeneration(CreateHandler));
            Volatile.Write(ref _transport, null);
            Volatile.Write(ref _serverMaxConcurrentStreams, LimitUnknown);
            _recycles++;
        }

        used.Retire();
        Log.ConnectionRecycled(_logger, Index, why);
    }

    /// <summary>An HTTP answer arrived on this slot: the connection works, so the reconnect backoff starts over.</summary>
    public void OnAnswer()
    {
        var transport = Volatile.Read(ref _transport);
        if (transport is not null)
        {
            transport.Answered = true;
        }

        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            lock (_lock)
            {
                _consecutiveFailures = 0;
                Volatile.Write(ref _retryAtUtcTicks, 0);
                _backoffTimer?.Dispose();
                _backoffTimer = null;
            }
        }
    }

    public ApnsConnectionInfo Snapshot()
    {
        var serverLimit = Volatile.Read(ref _serverMaxConcurrentStreams);
        int failures, recycles;
        lock (_lock)
        {
            failures = _consecutiveFailures;
            recycles = _recycles;
        }

        return new ApnsConnectionInfo(
            Index,
            InFlight,
            Volatile.Read(ref _maxInFlightSeen),
            serverLimit is LimitUnknown or NoServerLimit ? null : serverLimit,
            Volatile.Read(ref _connectionsOpened),
            Volatile.Read(ref _goAwaysReceived),
            failures,
            failures == 0 ? null : RetryAt,
            recycles);
    }

    /// <summary>Frame hook for tests without a transport: acts as if the current connection sent SETTINGS.</summary>
    public void OnSettings(uint? maxConcurrentStreams) => ApplySettings(maxConcurrentStreams);

    public void Dispose()
    {
        ApnsHandlerGeneration[] generations;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
            _backoffTimer?.Dispose();
            _backoffTimer = null;
            generations = [_current, .. _retired];
            _retired.Clear();
        }

        foreach (var generation in generations)
        {
            generation.DisposeNow();
        }
    }

    private void ApplySettings(uint? maxConcurrentStreams)
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

    private bool IsCurrent(Transport transport) => ReferenceEquals(Volatile.Read(ref _transport), transport);

    private void OnSettings(Transport transport, uint? maxConcurrentStreams)
    {
        // A connection that was replaced (GOAWAY, recycle) may still talk while it drains: its limits are not ours.
        if (IsCurrent(transport))
        {
            ApplySettings(maxConcurrentStreams);
        }
    }

    private void OnGoAway(Transport transport, int lastStreamId, uint errorCode, string debugData)
    {
        Interlocked.Increment(ref _goAwaysReceived);
        if (errorCode == RefusedStreamError)
        {
            Interlocked.Increment(ref _refusedStreamGoAways);
        }

        ApnsInstruments.RecordGoAway(_app, errorCode);
        Log.GoAwayReceived(_logger, Index, errorCode, lastStreamId, debugData);
        var (reasonText, _) = ApnsResponseParser.ParseBody(System.Text.Encoding.UTF8.GetBytes(debugData));
        var reason = ApnsReasons.Parse(reasonText);
        if (reason.IsCredentialError() && reasonText is not null)
        {
            // A connection-level credential verdict (e.g. BadCertificateEnvironment): reconnecting would only get
            // the same GOAWAY again.
            _credentialGoAway?.Invoke(reason, reasonText);
        }

        if (IsCurrent(transport))
        {
            // The handler opens a new connection for the next request: treat it as starting again.
            Volatile.Write(ref _serverMaxConcurrentStreams, LimitUnknown);
            if (!transport.Answered)
            {
                RegisterFailure($"GOAWAY (error {errorCode}) before any answer: {debugData}");
            }
        }
    }

    private void OnResetStream(int streamId, uint errorCode)
    {
        if (errorCode == RefusedStreamError)
        {
            Interlocked.Increment(ref _refusedStreams);
        }
    }

    private void OnClosed(Transport transport)
    {
        if (!IsCurrent(transport))
        {
            return;
        }

        // Requests admitted from now on wait for a new connection: admit one until its SETTINGS arrive.
        Volatile.Write(ref _serverMaxConcurrentStreams, LimitUnknown);
        if (!transport.Answered)
        {
            RegisterFailure("the connection closed before any answer");
        }
    }

    /// <summary>A connect failed (or a connection ended unused): wait 1 s, 2 s, 4 s … up to the cap before the next.</summary>
    private void RegisterFailure(string error)
    {
        TimeSpan delay;
        int failures;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            failures = ++_consecutiveFailures;
            // No jitter: the full exponential delay.
            delay = RetryBackoff.Delay(failures, _reconnectBaseDelay, _reconnectMaxDelay, random: 1.0);
            Volatile.Write(ref _retryAtUtcTicks, (_timeProvider.GetUtcNow() + delay).UtcTicks);
            Volatile.Write(ref _lastConnectError, error);

            // Wake requests waiting for a slot when this one may connect again.
            _backoffTimer?.Dispose();
            _backoffTimer = _timeProvider.CreateTimer(static state => ((Action)state!)(), _capacityIncreased, delay, Timeout.InfiniteTimeSpan);
        }

        Log.ReconnectBackoff(_logger, Index, failures, (long)delay.TotalMilliseconds, error);
    }

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

    private HttpMessageHandler CreateHandler(ApnsHandlerGeneration generation) => _httpStack == ApnsHttpStack.PushGrpc
        ? new Http2Handler(
            (endPoint, cancellationToken) => ConnectAsync(generation, endPoint, cancellationToken),
            new Http2ConnectionOptions(_keepAlivePingDelay, _keepAlivePingTimeout),
            _connectTimeout)
        : CreateSocketsHttpHandler(generation);

    private SocketsHttpHandler CreateSocketsHttpHandler(ApnsHandlerGeneration generation) => new()
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,

        // One HTTP/2 connection per handler: the pool, not the handler, decides how many connections exist, so it
        // can count streams per connection. Beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS the handler queues.
        // After a GOAWAY the handler stops opening streams on that connection and opens a new one for the next request.
        EnableMultipleHttp2Connections = false,

        // APNs wants long-lived connections (hours to days) and treats connection churn as abuse (§6.6).
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,

        // APNs drops idle connections silently (§6.5). Pinging idle connections too (Always) finds a dead one
        // before a notification is sent into it. An unanswered PING makes the handler abort the connection: its
        // requests fail as "connection died" (unknown fate) and the next request reconnects.
        KeepAlivePingDelay = _keepAlivePingDelay,
        KeepAlivePingTimeout = _keepAlivePingTimeout,
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        ConnectTimeout = _connectTimeout,

        // No traceparent/tracestate headers: APNs ignores them and they cost bytes and allocations per request.
        ActivityHeadersPropagator = null,

        // TLS is done in ConnectCallback (SslOptions would be ignored), so this class can watch the frames.
        ConnectCallback = (context, cancellationToken) => ConnectAsync(generation, context.DnsEndPoint, cancellationToken),
    };

    private async ValueTask<Stream> ConnectAsync(ApnsHandlerGeneration generation, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        // The pool keeps requests off a slot that backs off; this holds for the handler's own retries too.
        if (RetryAt is { } retryAt && retryAt - _timeProvider.GetUtcNow() is var wait && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        // A DnsEndPoint makes every new connection resolve the host again, which spreads connections over APNs
        // servers as Apple asks (§6.6). The dual-mode socket takes IPv4 and IPv6 addresses.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        ObservingSslStream? stream = null;
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            var transport = new Transport(this);
            stream = new ObservingSslStream(new NetworkStream(socket, ownsSocket: true), new Http2FrameReader(transport));
            lock (_lock)
            {
                if (ReferenceEquals(_current, generation))
                {
                    Volatile.Write(ref _transport, transport);
                    Volatile.Write(ref _serverMaxConcurrentStreams, LimitUnknown);
                }
            }

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

            // Cancelled because the handler was disposed (slot recycled or client closed) is not a failure; the
            // connect timeout is.
            if (!Volatile.Read(ref _disposed) && !generation.IsRetired)
            {
                // Cancelled here means the connect timeout (the caller's own cancellation never reaches a connect).
                var error = ex is OperationCanceledException
                    ? $"connect timed out after {_connectTimeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s"
                    : ErrorText.Describe(ex);
                ApnsInstruments.RecordConnect(_app, opened: false, reconnect: false);
                Log.ConnectionFailed(_logger, Index, endPoint.Host, endPoint.Port, error);
                RegisterFailure(error);
            }

            throw;
        }

        var opened = Interlocked.Increment(ref _connectionsOpened);
        ApnsInstruments.RecordConnect(_app, opened: true, reconnect: opened > 1);
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

    /// <summary>The frames of one TCP connection; a slot listens to its current one and ignores replaced ones.</summary>
    private sealed class Transport(ApnsConnection owner) : IHttp2FrameListener
    {
        private volatile bool _answered;

        /// <summary>An HTTP answer arrived while this was the slot's connection.</summary>
        public bool Answered
        {
            get => _answered;
            set => _answered = value;
        }

        public void OnSettings(uint? maxConcurrentStreams) => owner.OnSettings(this, maxConcurrentStreams);

        public void OnGoAway(int lastStreamId, uint errorCode, string debugData) => owner.OnGoAway(this, lastStreamId, errorCode, debugData);

        public void OnResetStream(int streamId, uint errorCode) => owner.OnResetStream(streamId, errorCode);

        public void OnClosed() => owner.OnClosed(this);
    }
}
