using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PushGrpc.Apns;
using PushGrpc.ApnsSimulator.Internal;

namespace PushGrpc.ApnsSimulator;

/// <summary>
/// An APNs-compatible HTTP/2 + TLS server (like Pushy's MockApnsServer) for functional tests, benchmarks and the
/// gateway's dev mode. One listener serves both auth modes: a connection that presents a client certificate issued by
/// <see cref="IssueClientCertificate"/> is certificate-authenticated, any other connection uses provider tokens
/// signed by a key added with <see cref="AddSigningKey"/>. Requests are validated like APNs (see the README), and
/// <see cref="MagicTokens"/> script fixed outcomes. A second listener (<see cref="ManagementBaseAddress"/>) serves
/// the broadcast channel-management API; broadcasts themselves go to the push listener.
/// </summary>
public sealed class ApnsSimulator : IAsyncDisposable
{
    // Enough to finish in-flight answers on dispose without letting a stuck client hold a test run hostage.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication app;
    private readonly SimulatorCertificates certificates;
    private readonly ProviderTokenVerifier verifier;
    private readonly DeviceTokenRegistry registry;
    private readonly Statistics statistics;
    private readonly RecordStore records;
    private readonly ChannelStore channels;
    private readonly CancellationTokenSource stopping;
    private readonly ILogger logger;
    private int disposed;

    private ApnsSimulator(
        WebApplication app,
        SimulatorCertificates certificates,
        ProviderTokenVerifier verifier,
        DeviceTokenRegistry registry,
        Statistics statistics,
        RecordStore records,
        ChannelStore channels,
        SimulatorFaults faults,
        CancellationTokenSource stopping,
        ILogger logger)
    {
        this.app = app;
        this.certificates = certificates;
        this.verifier = verifier;
        this.registry = registry;
        this.statistics = statistics;
        this.records = records;
        this.channels = channels;
        this.stopping = stopping;
        this.logger = logger;
        Faults = faults;
    }

    /// <summary>Where to send pushes: https://127.0.0.1:&lt;port&gt;/ (or the listen address when it is not a wildcard).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// Where to send channel-management requests (<c>/1/apps/&lt;bundleId&gt;/channels</c>, <c>.../all-channels</c>):
    /// https://127.0.0.1:&lt;management port&gt;/. Same CA, TLS and auth modes as <see cref="BaseAddress"/>.
    /// </summary>
    public Uri ManagementBaseAddress { get; private set; } = null!;

    /// <summary>The public-only root that issued the server certificate; clients trust it explicitly.</summary>
    public X509Certificate2 CaCertificate => certificates.CaCertificate;

    /// <summary>Every request that reached validation, with its answer, oldest first.</summary>
    public IReadOnlyCollection<SimulatorRecord> Records => records.Snapshot;

    /// <summary>The most requests seen active at once on any one connection.</summary>
    public int MaxConcurrencySeen => statistics.MaxConcurrencySeen;

    /// <summary>The most requests seen active at once, per connection id.</summary>
    public IReadOnlyDictionary<string, int> MaxConcurrencyByConnection => statistics.MaxConcurrencyByConnection;

    /// <summary>How many distinct connections carried a request.</summary>
    public int ConnectionsSeen => statistics.ConnectionsSeen;

    /// <summary>Requests in the handler on a connection right now (tests wait on it to order streams).</summary>
    internal int ActiveRequests(string connectionId) => statistics.ActiveOn(connectionId);

    /// <summary>Switchable faults (GOAWAY, resets, refused streams, 429/500/503, slow or missing answers, credential errors, refused connections).</summary>
    public SimulatorFaults Faults { get; }

    /// <summary>Starts a simulator listening on <see cref="ApnsSimulatorOptions.Address"/> and <see cref="ApnsSimulatorOptions.Port"/>.</summary>
    public static async Task<ApnsSimulator> StartAsync(
        ApnsSimulatorOptions options,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Address);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ManagementPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ManagementPort, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentStreams, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxChannelsPerApp);
        if (options.MaxRecords is { } maxRecords)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(maxRecords);
        }

        if (options.DeviceTokenRateLimit is { } rateLimit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(rateLimit, 1);
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.DeviceTokenRateWindow, TimeSpan.Zero);

        // A snapshot: later changes to the caller's options object must not half-apply to a running server.
        var settings = new ApnsSimulatorOptions
        {
            Address = options.Address,
            Port = options.Port,
            ManagementPort = options.ManagementPort,
            MaxChannelsPerApp = options.MaxChannelsPerApp,
            Environment = options.Environment,
            MaxConcurrentStreams = options.MaxConcurrentStreams,
            DeviceTokenRateLimit = options.DeviceTokenRateLimit,
            DeviceTokenRateWindow = options.DeviceTokenRateWindow,
            RecordPayloads = options.RecordPayloads,
            MaxRecords = options.MaxRecords,
            TimeProvider = options.TimeProvider,
        };
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<ApnsSimulator>();
        var certificates = SimulatorCertificates.Create(settings.Address);
        var verifier = new ProviderTokenVerifier();
        var stopping = new CancellationTokenSource();
        var faults = new SimulatorFaults(settings.TimeProvider, logger);
        WebApplication? app = null;
        try
        {
            var listeners = new Listeners();
            app = BuildApp(settings, certificates, faults, listeners, loggerFactory, logger, stopping.Token);
            var simulator = new ApnsSimulator(
                app, certificates, verifier, new DeviceTokenRegistry(), new Statistics(), new RecordStore(settings.MaxRecords),
                new ChannelStore(settings.MaxChannelsPerApp), faults, stopping, logger);
            var injector = new FaultInjector(faults, settings.MaxConcurrentStreams, stopping.Token);
            var authentication = new ProviderAuthentication(verifier, settings.Environment, settings.TimeProvider);
            var broadcasts = new BroadcastValidation(authentication, simulator.channels, settings.RecordPayloads);
            var handler = new ApnsRequestHandler(settings, authentication, broadcasts, simulator.registry, simulator.statistics, simulator.records, faults, injector, logger);
            app.Run(handler.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            // Kestrel writes the bound endpoint (the real port for port 0) back into each ListenOptions.
            simulator.BaseAddress = BuildBaseAddress(settings.Address, listeners.Push!.IPEndPoint!.Port);
            simulator.ManagementBaseAddress = BuildBaseAddress(settings.Address, listeners.Management!.IPEndPoint!.Port);
            SimulatorLog.Started(logger, simulator.BaseAddress, simulator.ManagementBaseAddress, settings.Environment, settings.MaxConcurrentStreams);
            return simulator;
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            verifier.Dispose();
            certificates.Dispose();
            stopping.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Accepts provider tokens signed by this key (the public part of a .p8 key) for <paramref name="teamId"/>,
    /// pushing to <paramref name="bundleIds"/>; with no bundle ids the key is team-wide (any topic). Adding a key id
    /// again replaces it.
    /// </summary>
    public void AddSigningKey(string teamId, string keyId, ECDsa publicKey, params string[] bundleIds)
    {
        ArgumentException.ThrowIfNullOrEmpty(teamId);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(bundleIds);
        verifier.AddKey(new SigningKey(teamId, keyId, publicKey, bundleIds));
        SimulatorLog.SigningKeyAdded(logger, keyId, teamId, bundleIds.Length == 0 ? "any topic" : string.Join(", ", bundleIds));
    }

    /// <summary>
    /// A provider certificate with its private key, issued by the simulator's client CA, shaped like Apple's: Subject
    /// UID = <paramref name="bundleId"/>, topics extension listing the bundle id and its .voip and .complication
    /// topics, and the environment extension(s) (null = universal, both environments).
    /// </summary>
    public X509Certificate2 IssueClientCertificate(string bundleId, ApnsEnvironment? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(bundleId);
        return certificates.IssueClientCertificate(bundleId, environment);
    }

    /// <summary>Says the token belongs to <paramref name="topic"/>: pushing it with another topic answers 400 DeviceTokenNotForTopic.</summary>
    public void RegisterDeviceToken(string deviceToken, string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceToken);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        registry.Register(deviceToken, topic);
    }

    /// <summary>
    /// Retires the token: pushes to it answer 410 Unregistered (or ExpiredToken) with "timestamp" =
    /// <paramref name="since"/> in milliseconds since the epoch. <see cref="RegisterDeviceToken"/> revives it.
    /// </summary>
    public void UnregisterDeviceToken(string deviceToken, DateTimeOffset since, bool expired = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceToken);
        registry.Unregister(deviceToken, since, expired);
    }

    /// <summary>The broadcast channels <paramref name="bundleId"/> has now (any order).</summary>
    public IReadOnlyCollection<string> ChannelsOf(string bundleId)
    {
        ArgumentException.ThrowIfNullOrEmpty(bundleId);
        return channels.List(bundleId);
    }

    /// <summary>A channel's storage policy, or null when <paramref name="bundleId"/> has no such channel.</summary>
    public ApnsMessageStoragePolicy? StoragePolicyOf(string bundleId, string channelId)
    {
        ArgumentException.ThrowIfNullOrEmpty(bundleId);
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        return channels.Find(bundleId, channelId);
    }

    /// <summary>
    /// Seeds a channel as if created over the management API (tests that only broadcast); returns its id. No record is kept.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app already has <see cref="ApnsSimulatorOptions.MaxChannelsPerApp"/> channels.</exception>
    public string CreateChannel(string bundleId, ApnsMessageStoragePolicy policy = ApnsMessageStoragePolicy.MostRecentMessageStored)
    {
        ArgumentException.ThrowIfNullOrEmpty(bundleId);
        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not a storage policy.");
        }

        return channels.TryCreate(bundleId, policy)
            ?? throw new InvalidOperationException($"{bundleId} already has {channels.MaxChannelsPerApp} channels.");
    }

    /// <summary>Deletes every channel of every app.</summary>
    public void ClearChannels() => channels.Clear();

    /// <summary>Forgets the records; concurrency statistics are kept.</summary>
    public void ClearRecords() => records.Clear();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        SimulatorLog.Stopping(logger, BaseAddress);

        // Requests held unanswered by faults (NoAnswer, slow answers, closing connections) give up first, so stopping
        // does not wait for them.
        await stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await app.DisposeAsync().ConfigureAwait(false);
        verifier.Dispose();
        certificates.Dispose();
        stopping.Dispose();
    }

    private static WebApplication BuildApp(
        ApnsSimulatorOptions settings,
        SimulatorCertificates certificates,
        SimulatorFaults faults,
        Listeners listeners,
        ILoggerFactory loggerFactory,
        ILogger logger,
        CancellationToken stopping)
    {
        // The empty builder reads no appsettings, environment variables or URLs: an embedded simulator must not pick
        // up its host process's ASP.NET configuration.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton<IHostLifetime, DetachedHostLifetime>();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.Http2.MaxStreamsPerConnection = settings.MaxConcurrentStreams;

            // APNs advertises MAX_HEADER_LIST_SIZE 8000 (apns-reference §6.2).
            kestrel.Limits.MaxRequestHeadersTotalSize = 8000;

            // Providers legitimately hold streams open (slow bodies in tests, bursts in benchmarks); APNs has no
            // minimum body rate either.
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Listen(settings.Address, settings.Port, listen =>
            {
                listeners.Push = listen;
                ConfigureListener(listen, certificates, faults, logger, pushListener: true, stopping);
            });

            // The management listener is the same server to a client (CA, TLS, auth, faults); the marker tells the
            // request handler which API a connection speaks.
            kestrel.Listen(settings.Address, settings.ManagementPort, listen =>
            {
                listeners.Management = listen;
                ConfigureListener(listen, certificates, faults, logger, pushListener: false, stopping);
                listen.Use(next => context => ManagementListener.MarkAsync(context, next));
            });
        });
        return builder.Build();
    }

    private static void ConfigureListener(
        ListenOptions listen, SimulatorCertificates certificates, SimulatorFaults faults, ILogger logger,
        bool pushListener, CancellationToken stopping)
    {
        listen.Protocols = HttpProtocols.Http2;

        // Before TLS: RefuseConnections closes the accepted socket at once.
        listen.Use(next => context => RefuseOrContinue(context, next, faults, logger));
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificates.ServerCertificate,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            CheckCertificateRevocation = false,
            ClientCertificateValidation = (certificate, _, _) =>
            {
                if (certificates.IsIssuedClientCertificate(certificate))
                {
                    return true;
                }

                SimulatorLog.ClientCertificateRejected(logger, certificate.Subject);
                return false;
            },
        });

        // After TLS: the fault layer sees the decrypted frames (GOAWAY, SETTINGS, resets; see FaultConnection).
        listen.Use(next => context => FaultConnection.RunAsync(context, next, faults, logger, pushListener, stopping));
    }

    private static Task RefuseOrContinue(ConnectionContext context, ConnectionDelegate next, SimulatorFaults faults, ILogger logger)
    {
        if (faults.IsEngaged && faults.Fire(FaultKind.RefuseConnections, deviceToken: null) is not null)
        {
            SimulatorLog.ConnectionRefused(logger, context.ConnectionId, context.RemoteEndPoint);
            context.Abort(new ConnectionAbortedException("Connection refused by fault injection."));
            return Task.CompletedTask;
        }

        return next(context);
    }

    private static Uri BuildBaseAddress(IPAddress address, int port)
    {
        var host = address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : address;
        return new UriBuilder(Uri.UriSchemeHttps, host.ToString(), port).Uri;
    }

    /// <summary>The two listeners' options, kept to read their bound ports once Kestrel started.</summary>
    private sealed class Listeners
    {
        public ListenOptions? Push { get; set; }

        public ListenOptions? Management { get; set; }
    }
}
