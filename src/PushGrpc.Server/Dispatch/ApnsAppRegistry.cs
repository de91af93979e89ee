using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PushGrpc.Apns;
using PushGrpc.Server.Options;
using PushGrpc.Server.Security;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// The configured apps by name, each with its APNs client. Token apps with the same team, key, environment and
/// connection settings share one client (one pool, one JWT); certificate apps each have their own.
/// </summary>
/// <remarks>
/// A configuration reload builds a whole new set (<see cref="Prepare"/>) and swaps it in at once
/// (<see cref="Commit"/>); clients whose credential and settings did not change are kept. A client that is no longer
/// used is closed only when the last send under way on it has finished, and a notification admitted under the old
/// configuration that starts after that is sent with the app's current client.
/// </remarks>
internal sealed partial class ApnsAppRegistry : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly int _deviceTokenLogCharacters;
    private readonly ILogger _logger;
    private readonly RateLimits _rateLimits = new();
    private readonly Lock _reloadLock = new();
    private Generation _current;

    public ApnsAppRegistry(IOptions<PushGrpcOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider,
        IOptions<Observability.ObservabilityOptions>? observability = null)
    {
        _deviceTokenLogCharacters = observability?.Value.DeviceTokenLogCharacters ?? 8;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<ApnsAppRegistry>();
        _current = Build(options.Value, previous: null, number: 1);
    }

    public IEnumerable<ApnsApp> Apps => Volatile.Read(ref _current).Apps.Values;

    /// <summary>1 at start-up, incremented by every configuration taken into use.</summary>
    public int GenerationNumber => Volatile.Read(ref _current).Number;

    /// <summary>Distinct APNs clients in use (token apps that share a credential count once).</summary>
    public int ClientCount => Volatile.Read(ref _current).Clients.Length;

    /// <summary>The APNs clients in use now (not those of a replaced configuration still finishing their sends).</summary>
    public IReadOnlyList<SharedClient> Clients => Volatile.Read(ref _current).Clients;

    public ApnsApp? Find(string name) => Volatile.Read(ref _current).Apps.GetValueOrDefault(name);

    /// <summary>The APNs client serving <paramref name="name"/> now (its health: credential, connections); null when not configured.</summary>
    public ApnsClient? ClientOf(string name) => Find(name)?.Client is AppClient { Shared: var shared } ? shared.Client : null;

    /// <summary>
    /// Builds the apps of a new configuration without taking it into use. Throws
    /// <see cref="OptionsValidationException"/> listing every app whose credential cannot be loaded; nothing changes then.
    /// </summary>
    public Generation Prepare(PushGrpcOptions options)
    {
        lock (_reloadLock)
        {
            var current = Volatile.Read(ref _current);
            return Build(options, current, current.Number + 1);
        }
    }

    /// <summary>Takes a prepared configuration into use; the clients only the old one used close once idle.</summary>
    public void Commit(Generation next)
    {
        Generation old;
        lock (_reloadLock)
        {
            old = Interlocked.Exchange(ref _current, next);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var kept = next.Clients.Intersect(old.Clients).Count();
            var names = string.Join(", ", next.Apps.Keys.Order(StringComparer.Ordinal));
            LogReloaded(_logger, next.Number, names, next.Clients.Length - kept, kept, old.Clients.Length - kept);
        }

        old.Release();
    }

    /// <summary>Drops a prepared configuration that will not be used (the other half of the reload failed).</summary>
    public static void Abandon(Generation next) => next.Release();

    public async ValueTask DisposeAsync()
    {
        var current = Volatile.Read(ref _current);
        current.Release();
        foreach (var client in current.Clients)
        {
            await client.Closed.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="use"/> on the current client of <paramref name="app"/>: for a request admitted under a
    /// configuration whose client has since been closed. <paramref name="removed"/> answers when the app is gone.
    /// </summary>
    private async Task<T> WithCurrentClientAsync<T>(string app, Func<SharedClient, Task<T>> use, Func<string, T> removed)
    {
        while (true)
        {
            if (Find(app)?.Client is not AppClient { Shared: var shared })
            {
                return removed($"app \"{app}\" was removed from the configuration before this request was sent; not sent");
            }

            if (shared.TryAcquire())
            {
                try
                {
                    return await use(shared).ConfigureAwait(false);
                }
                finally
                {
                    shared.Release();
                }
            }

            // Swapped out between the look-up and the acquire: look again.
        }
    }

    private Generation Build(PushGrpcOptions options, Generation? previous, int number)
    {
        var reusable = previous?.Clients.ToDictionary(c => c.Identity, StringComparer.Ordinal) ?? [];
        var clients = new Dictionary<string, SharedClient>(StringComparer.Ordinal);
        var limiters = _rateLimits.Update(options.Apps.Select(a => KeyValuePair.Create(a.Key, a.Value.RateLimit)));
        var apps = new Dictionary<string, ApnsApp>(StringComparer.Ordinal);
        var errors = new List<string>();
        var materials = new List<(string Name, AppOptions App, CredentialMaterial Material)>();
        foreach (var (name, app) in options.Apps.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            try
            {
                materials.Add((name, app, CredentialMaterial.Read(name, app, _logger)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
            {
                // The exception text names the file, format or option problem; credential loaders never put key
                // material in it.
                errors.Add($"PushGrpc:Apps:{name}: {ex.Message}");
            }
        }

        // A client is named (in metrics and logs) after the apps that share it; they are part of its identity, so the
        // name stays true when an app joins or leaves the group.
        foreach (var group in materials.GroupBy(m => m.Material.Identity, StringComparer.Ordinal))
        {
            var clientName = string.Join('+', group.Select(m => m.Name));
            var identity = clientName + "|" + group.Key;
            try
            {
                var shared = reusable.TryGetValue(identity, out var existing) && existing.TryAcquire()
                    ? existing
                    : CreateShared(identity, clientName, group.First().App, group.First().Material);
                clients.Add(identity, shared);
                foreach (var (name, app, _) in group)
                {
                    apps.Add(name, CreateApp(name, app, shared, limiters.GetValueOrDefault(name)));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
            {
                errors.Add($"PushGrpc:Apps:{clientName}: {ex.Message}");
            }
        }

        var generation = new Generation(number, apps.ToFrozenDictionary(StringComparer.Ordinal), [.. clients.Values]);
        if (errors.Count > 0)
        {
            generation.Release();
            throw new OptionsValidationException(PushGrpcOptions.SectionName, typeof(PushGrpcOptions), errors);
        }

        return generation;
    }

    private ApnsApp CreateApp(string name, AppOptions app, SharedClient shared, RateLimiter? limiter)
    {
        return new ApnsApp(name, app.Topic!, app.Environment, new AppClient(this, name, shared), limiter);
    }

    // The client's metrics carry the name of the app that created it; token apps of the same team, key and
    // environment share that client (and its channel manager, which connects only when first used).
    private SharedClient CreateShared(string identity, string name, AppOptions app, CredentialMaterial material)
    {
        var options = ClientOptions(name, app, material);
        return new SharedClient(identity, name, new ApnsClient(options, _loggerFactory.CreateLogger<ApnsClient>()),
            new ApnsChannelManager(options, _loggerFactory.CreateLogger<ApnsChannelManager>()),
            SendCapacity.ForPool(app.PoolSize, app.MaxStreamsPerConnection));
    }

    private ApnsClientOptions ClientOptions(string name, AppOptions app, CredentialMaterial material) => new()
    {
            Name = name,
            DeviceTokenLogCharacters = _deviceTokenLogCharacters,
            Credential = material.Load(),
            Environment = app.Environment,
            BaseAddress = app.BaseAddress,
            ManagementBaseAddress = app.ManagementBaseAddress,
            UseAlternatePort = app.UseAlternatePort,
            TrustedCaCertificate = app.CaCertificateFile is { Length: > 0 } caFile
                ? X509CertificateLoader.LoadCertificateFromFile(caFile)
                : null,
            PoolSize = app.PoolSize,
            MaxStreamsPerConnection = app.MaxStreamsPerConnection,
            RequestTimeout = app.RequestTimeout,
            MaxAttempts = app.MaxAttempts,
            CredentialErrorCooldown = app.CredentialErrorCooldown,
            KeepAlivePingDelay = app.KeepAlivePingDelay,
            HttpStack = app.HttpStack,
            TimeProvider = _timeProvider,
    };

    /// <summary>One configuration's apps; holds one reference on each of its clients until it is replaced.</summary>
    internal sealed class Generation(int number, FrozenDictionary<string, ApnsApp> apps, SharedClient[] clients)
    {
        private int _released;

        public int Number { get; } = number;

        public FrozenDictionary<string, ApnsApp> Apps { get; } = apps;

        public SharedClient[] Clients { get; } = clients;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                foreach (var client in Clients)
                {
                    client.Release();
                }
            }
        }
    }

    /// <summary>
    /// An APNs client and channel manager and their users: each configuration that uses them and each request under
    /// way hold one reference; the last one out closes them.
    /// </summary>
    internal sealed class SharedClient(string identity, string name, ApnsClient client, ApnsChannelManager channels, SendCapacity capacity)
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _references = 1;

        /// <summary>What makes two apps share this client: credential fingerprint plus connection settings.</summary>
        public string Identity { get; } = identity;

        /// <summary>The client's name in metrics and logs: the apps that share it.</summary>
        public string Name { get; } = name;

        public ApnsClient Client { get; } = client;

        /// <summary>Sends started on this client's pool and not yet answered; a reload that keeps the client keeps it.</summary>
        public SendCapacity Capacity { get; } = capacity;

        public ApnsChannelManager Channels { get; } = channels;

        public Task Closed => _closed.Task;

        public bool TryAcquire()
        {
            var references = Volatile.Read(ref _references);
            while (references > 0)
            {
                var seen = Interlocked.CompareExchange(ref _references, references + 1, references);
                if (seen == references)
                {
                    return true;
                }

                references = seen;
            }

            return false;
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                _ = CloseAsync();
            }
        }

        private async Task CloseAsync()
        {
            try
            {
                await Client.DisposeAsync().ConfigureAwait(false);
                await Channels.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                _closed.TrySetResult();
            }
        }
    }

    /// <summary>What an app sends and manages channels through: its shared client while that is open, else the app's current one.</summary>
    internal sealed class AppClient(ApnsAppRegistry registry, string app, SharedClient shared) : IApnsClient, IApnsChannelManager
    {
        public SharedClient Shared { get; } = shared;

        public Task<ApnsResponse> SendAsync(ApnsNotification notification, string deviceToken, CancellationToken cancellationToken = default) =>
            SendOnceAsync(notification, deviceToken, cancellationToken).AsTask();

        /// <summary>
        /// <see cref="SendAsync"/> for the dispatcher, which sends every notification through here and awaits each
        /// result once: the state machine is pooled rather than allocated per send.
        /// </summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<ApnsResponse> SendOnceAsync(ApnsNotification notification, string deviceToken, CancellationToken cancellationToken)
        {
            // The common case inline: no closure is allocated unless the shared client has been swapped out.
            if (!Shared.TryAcquire())
            {
                return await registry.WithCurrentClientAsync(app,
                    s => s.Client.SendAsync(notification, deviceToken, cancellationToken),
                    error => NotSent(notification, error)).ConfigureAwait(false);
            }

            try
            {
                return await Shared.Client.SendAsync(notification, deviceToken, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Shared.Release();
            }
        }

        public Task<ApnsResponse> SendToChannelAsync(ApnsNotification notification, string channelId, CancellationToken cancellationToken = default) =>
            UseAsync(s => s.Client.SendToChannelAsync(notification, channelId, cancellationToken), error => NotSent(notification, error));

        public Task<ApnsChannelResponse> CreateChannelAsync(string bundleId, ApnsMessageStoragePolicy storagePolicy, CancellationToken cancellationToken = default) =>
            UseAsync(s => s.Channels.CreateChannelAsync(bundleId, storagePolicy, cancellationToken), ChannelNotSent);

        public Task<ApnsChannelResponse> GetChannelAsync(string bundleId, string channelId, CancellationToken cancellationToken = default) =>
            UseAsync(s => s.Channels.GetChannelAsync(bundleId, channelId, cancellationToken), ChannelNotSent);

        public Task<ApnsChannelResponse> DeleteChannelAsync(string bundleId, string channelId, CancellationToken cancellationToken = default) =>
            UseAsync(s => s.Channels.DeleteChannelAsync(bundleId, channelId, cancellationToken), ChannelNotSent);

        public Task<ApnsChannelResponse> ListChannelsAsync(string bundleId, CancellationToken cancellationToken = default) =>
            UseAsync(s => s.Channels.ListChannelsAsync(bundleId, cancellationToken), ChannelNotSent);

        // The registry owns the client.
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private async Task<T> UseAsync<T>(Func<SharedClient, Task<T>> use, Func<string, T> removed)
        {
            if (!Shared.TryAcquire())
            {
                return await registry.WithCurrentClientAsync(app, use, removed).ConfigureAwait(false);
            }

            try
            {
                return await use(Shared).ConfigureAwait(false);
            }
            finally
            {
                Shared.Release();
            }
        }

        private static ApnsResponse NotSent(ApnsNotification notification, string error) => new()
        {
            Outcome = ApnsOutcome.Failed,
            ApnsId = notification.ApnsId?.ToString(),
            Error = error,
            Attempts = 0,
        };

        private static ApnsChannelResponse ChannelNotSent(string error) => new()
        {
            Outcome = ApnsOutcome.Failed,
            Error = error,
            Attempts = 0,
        };
    }

    /// <summary>
    /// An app's credential read from its files or configuration, and the identity of the client it needs: token apps
    /// with the same team, key id, key, environment and connection settings get the same identity. The identity holds
    /// only a SHA-256 fingerprint of secrets, and is never logged.
    /// </summary>
    private sealed class CredentialMaterial
    {
        private Func<ApnsCredential> _load = null!;

        public string Identity { get; private set; } = null!;

        public ApnsCredential Load() => _load();

        public static CredentialMaterial Read(string name, AppOptions app, ILogger logger)
        {
            var material = new CredentialMaterial();
            var connection = string.Join('|', app.Environment, app.BaseAddress, app.ManagementBaseAddress, app.UseAlternatePort, app.CaCertificateFile,
                Fingerprint(app.CaCertificateFile is { Length: > 0 } ca ? File.ReadAllBytes(ca) : []), app.PoolSize,
                app.MaxStreamsPerConnection, app.RequestTimeout.Ticks, app.MaxAttempts, app.CredentialErrorCooldown.Ticks,
                app.KeepAlivePingDelay.Ticks, app.HttpStack);
            if (app.Token is { } token)
            {
                SecretSources.WarnIfReadableByOthers(logger, $"PushGrpc:Apps:{name}:Token:KeyFile", token.KeyFile);
                var pem = token.Key is { Length: > 0 } key ? key : File.ReadAllText(token.KeyFile!);
                material.Identity = string.Join('|', "token", token.TeamId, token.KeyId, Fingerprint(Encoding.UTF8.GetBytes(pem.Trim())), connection);
                material._load = () => ApnsTokenCredential.FromP8(token.TeamId!, token.KeyId!, pem);
                return material;
            }

            var certificate = app.Certificate!;
            SecretSources.WarnIfReadableByOthers(logger, $"PushGrpc:Apps:{name}:Certificate:File", certificate.File);
            SecretSources.WarnIfReadableByOthers(logger, $"PushGrpc:Apps:{name}:Certificate:KeyFile", certificate.KeyFile);
            var secrets = new List<byte>(File.ReadAllBytes(certificate.File!));
            if (certificate.KeyFile is { Length: > 0 } keyFile)
            {
                secrets.AddRange(File.ReadAllBytes(keyFile));
            }

            secrets.AddRange(Encoding.UTF8.GetBytes("\n" + certificate.Password));
            material.Identity = string.Join('|', "certificate", name, Fingerprint([.. secrets]), connection);
            var isPkcs12 = certificate.File!.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
                || certificate.File.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase);
            material._load = () => isPkcs12
                ? ApnsCertificateCredential.FromP12File(certificate.File, certificate.Password)
                : ApnsCertificateCredential.FromPemFile(certificate.File, certificate.KeyFile, certificate.Password);
            return material;
        }

        private static string Fingerprint(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));
    }

    [LoggerMessage(EventId = 1201, EventName = "AppsReloaded", Level = LogLevel.Information,
        Message = "Configuration {Generation} in use: apps {Apps}; {Created} new APNs client(s), {Kept} kept, {Retired} closing once their sends under way finish")]
    private static partial void LogReloaded(ILogger logger, int generation, string apps, int created, int kept, int retired);
}
