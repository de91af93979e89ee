using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using PushGrpc.Apns;
using PushGrpc.Server.Options;

namespace PushGrpc.Server.Dispatch;

/// <summary>The configured apps by name, each with its APNs connection pool; built once at start-up.</summary>
internal sealed class ApnsAppRegistry : IAsyncDisposable
{
    private readonly FrozenDictionary<string, ApnsApp> _apps;

    public ApnsAppRegistry(IOptions<PushGrpcOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        var apps = new Dictionary<string, ApnsApp>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (name, app) in options.Value.Apps)
        {
            try
            {
                apps.Add(name, Create(name, app, loggerFactory, timeProvider));
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or System.Security.Cryptography.CryptographicException)
            {
                // The exception text names the file, format or option problem; credential loaders never put key
                // material in it.
                errors.Add($"PushGrpc:Apps:{name}: {ex.Message}");
            }
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(PushGrpcOptions.SectionName, typeof(PushGrpcOptions), errors);
        }

        _apps = apps.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<ApnsApp> Apps => _apps.Values;

    public ApnsApp? Find(string name) => _apps.GetValueOrDefault(name);

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await app.Client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ApnsApp Create(string name, AppOptions app, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        var client = new ApnsClient(
            new ApnsClientOptions
            {
                Credential = LoadCredential(app),
                Environment = app.Environment,
                BaseAddress = app.BaseAddress,
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
                TimeProvider = timeProvider,
            },
            loggerFactory.CreateLogger<ApnsClient>());
        return new ApnsApp(name, app.Topic!, app.Environment, client);
    }

    private static ApnsCredential LoadCredential(AppOptions app)
    {
        if (app.Token is { } token)
        {
            return token.Key is { Length: > 0 } pem
                ? ApnsTokenCredential.FromP8(token.TeamId!, token.KeyId!, pem)
                : ApnsTokenCredential.FromP8File(token.TeamId!, token.KeyId!, token.KeyFile!);
        }

        var certificate = app.Certificate!;
        var isPkcs12 = certificate.File!.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
            || certificate.File.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase);
        return isPkcs12
            ? ApnsCertificateCredential.FromP12File(certificate.File, certificate.Password)
            : ApnsCertificateCredential.FromPemFile(certificate.File, certificate.KeyFile, certificate.Password);
    }
}
