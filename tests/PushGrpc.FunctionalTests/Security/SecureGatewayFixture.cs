using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;
using PushGrpc.Server.Hosting;
using PushGrpc.Server.Security;

namespace PushGrpc.FunctionalTests.Security;

/// <summary>
/// A gateway as production runs it: TLS listener, API keys with app scopes, caller certificates (mTLS), rate limits,
/// two token apps of different teams (one key shared by three apps) and a .p12 certificate app, all configured from a
/// JSON file the gateway watches, so tests can change it under load. Every log line at every level is kept.
/// </summary>
public class SecureGatewayFixture : IAsyncLifetime
{
    public const string AppA = "app-a";
    public const string AppA2 = "app-a2";
    public const string AppB = "app-b";
    public const string AppC = "app-c";
    public const string LimitedApp = "app-limited";
    public const string TeamA = "TEAMAAAAA1";
    public const string KeyA = "KEYAAAAAA1";
    public const string TeamB = "TEAMBBBBB1";
    public const string KeyB = "KEYBBBBBB1";

    /// <summary>May send for app-a, app-a2 and app-limited only.</summary>
    public const string KeyForA = "pgk_test-key-for-app-a-7c1f0e9d2b4a";

    /// <summary>May send for every app.</summary>
    public const string KeyForAll = "pgk_test-key-for-all-apps-3e8d51aa90c2";

    /// <summary>Every app, 1 per second, burst 2.</summary>
    public const string LimitedKey = "pgk_test-limited-key-55b2c0d7e1f3";

    public const string P12Password = "p12-secret-Zq8vW1x";
    public const string MappedCallerName = "mapped-caller";

    private readonly ConcurrentQueue<string> _logs = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private bool _gatewayDisposed;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("pushgrpc-secure-").FullName;

    public ApnsSimulator.ApnsSimulator Simulator { get; private set; } = null!;

    public WebApplication Gateway { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public X509Certificate2 CallerCa { get; private set; } = null!;

    /// <summary>Signed by <see cref="CallerCa"/>, CN mapped to <see cref="MappedCallerName"/> (app-b only).</summary>
    public X509Certificate2 MappedClientCertificate { get; private set; } = null!;

    /// <summary>Signed by <see cref="CallerCa"/> but not mapped to any caller.</summary>
    public X509Certificate2 UnmappedClientCertificate { get; private set; } = null!;

    /// <summary>Self-signed: no chain to <see cref="CallerCa"/>.</summary>
    public X509Certificate2 StrangerClientCertificate { get; private set; } = null!;

    /// <summary>The configuration the gateway reads from <see cref="ConfigFile"/>; change it and call <see cref="WriteConfig"/>.</summary>
    public Dictionary<string, string?> Config { get; } = new(StringComparer.Ordinal);

    public string ConfigFile => Path.Combine(Directory, "gateway.json");

    /// <summary>The PEM text of every .p8 key in use, for the secrets test.</summary>
    public List<string> KeyPems { get; } = [];

    public IReadOnlyCollection<string> Logs => _logs;

    public IReadOnlyCollection<string> ErrorLogs => _errors;

    /// <summary>Takes the errors logged so far, for a test that provokes some on purpose.</summary>
    public IReadOnlyList<string> TakeErrorLogs()
    {
        var taken = new List<string>();
        while (_errors.TryDequeue(out var error))
        {
            taken.Add(error);
        }

        return taken;
    }

    internal ApnsAppRegistry Registry => Gateway.Services.GetRequiredService<ApnsAppRegistry>();

    public async Task InitializeAsync()
    {
        Simulator = await ApnsSimulator.ApnsSimulator.StartAsync(new ApnsSimulatorOptions());
        var simulatorCa = Write("simulator-ca.pem", Simulator.CaCertificate.ExportCertificatePem());
        var keyAFile = AddSigningKey(TeamA, KeyA, "a", "com.example.a", "com.example.a2", "com.example.limited");
        var keyBFile = AddSigningKey(TeamB, KeyB, "b", "com.example.b");
        using var p12Certificate = Simulator.IssueClientCertificate("com.example.c");
        var p12File = Path.Combine(Directory, "apns-c.p12");
        await File.WriteAllBytesAsync(p12File, p12Certificate.Export(X509ContentType.Pkcs12, P12Password));
        OwnerOnly(p12File);

        // The listener's TLS certificate and the CA of caller certificates (one CA for both keeps the test short).
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=PushGrpc test caller CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        CallerCa = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        var callerCaFile = Write("caller-ca.pem", CallerCa.ExportCertificatePem());
        using var server = Issue("localhost", serverAuth: true);
        var serverCertificateFile = Write("server.pem", server.ExportCertificatePem());
        var serverKeyFile = Write("server.key", server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        OwnerOnly(serverKeyFile);
        MappedClientCertificate = Issue(MappedCallerName, serverAuth: false);
        UnmappedClientCertificate = Issue("nobody", serverAuth: false);
        using (var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=stranger", strangerKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
            StrangerClientCertificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        }

        void App(string name, string topic, string? team = null, string? keyId = null, string? keyFile = null)
        {
            Config[$"PushGrpc:Apps:{name}:Topic"] = topic;
            Config[$"PushGrpc:Apps:{name}:BaseAddress"] = Simulator.BaseAddress.ToString();
            Config[$"PushGrpc:Apps:{name}:CaCertificateFile"] = simulatorCa;
            if (team is not null)
            {
                Config[$"PushGrpc:Apps:{name}:Token:TeamId"] = team;
                Config[$"PushGrpc:Apps:{name}:Token:KeyId"] = keyId;
                Config[$"PushGrpc:Apps:{name}:Token:KeyFile"] = keyFile;
            }
        }

        App(AppA, "com.example.a", TeamA, KeyA, keyAFile);
        App(AppA2, "com.example.a2", TeamA, KeyA, keyAFile);
        App(LimitedApp, "com.example.limited", TeamA, KeyA, keyAFile);
        Config[$"PushGrpc:Apps:{LimitedApp}:RateLimit:PerSecond"] = "5";
        Config[$"PushGrpc:Apps:{LimitedApp}:RateLimit:Burst"] = "3";
        App(AppB, "com.example.b", TeamB, KeyB, keyBFile);
        App(AppC, "com.example.c");
        Config[$"PushGrpc:Apps:{AppC}:Certificate:File"] = p12File;
        Config[$"PushGrpc:Apps:{AppC}:Certificate:Password"] = P12Password;

        ApiKey("key-a", KeyForA, AppA, AppA2, LimitedApp);
        ApiKey("key-all", KeyForAll, "*");
        ApiKey("key-limited", LimitedKey, "*");
        Config["PushGrpc:Auth:ApiKeys:key-limited:RateLimit:PerSecond"] = "1";
        Config["PushGrpc:Auth:ApiKeys:key-limited:RateLimit:Burst"] = "2";
        Config["PushGrpc:Auth:ClientCertificateCaFile"] = callerCaFile;
        Config[$"PushGrpc:Auth:ClientCertificates:{MappedCallerName}:CommonName"] = MappedCallerName;
        Config[$"PushGrpc:Auth:ClientCertificates:{MappedCallerName}:Apps:0"] = AppB;
        WriteConfig();

        Gateway = await GatewayApplication.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(
            [
                new("Kestrel:Endpoints:Grpc:Url", "https://127.0.0.1:0"),
                new("Kestrel:Endpoints:Grpc:Certificate:Path", serverCertificateFile),
                new("Kestrel:Endpoints:Grpc:Certificate:KeyPath", serverKeyFile),
                new("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0"),
                new("PushGrpc:Simulator:Enabled", "false"),
                new("Logging:LogLevel:Default", "Trace"),
                new("Logging:LogLevel:Microsoft.AspNetCore", "Debug"),
            ]);
            builder.Configuration.AddJsonFile(ConfigFile, optional: false, reloadOnChange: true);
            builder.Logging.AddProvider(new CollectingLoggerProvider(_logs, _errors));
        });
        await Gateway.StartAsync().WaitAsync(TestTimeouts.Default);
        Address = new Uri(Gateway.Urls.Single(u => u.StartsWith("https://", StringComparison.Ordinal)));
    }

    public async Task DisposeAsync()
    {
        await DisposeAsyncGatewayOnlyAsync();

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Stops and disposes the gateway (once), so a test can look at the logs of a complete run.</summary>
    public async Task DisposeAsyncGatewayOnlyAsync()
    {
        if (Gateway is not null && !_gatewayDisposed)
        {
            _gatewayDisposed = true;
            await Gateway.StopAsync().WaitAsync(TestTimeouts.Default);
            await Gateway.DisposeAsync();
        }
    }

    /// <summary>A channel over TLS that trusts the test CA, presenting <paramref name="clientCertificate"/> if given.</summary>
    public GrpcChannel Channel(X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && CallerTlsChainsTo(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), CallerCa),
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };
        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    public PushService.PushServiceClient Client(GrpcChannel channel) => new(channel);

    public static Metadata Bearer(string key) => new() { { "authorization", "Bearer " + key } };

    public static Metadata XApiKey(string key) => new() { { "x-api-key", key } };

    /// <summary>Writes <see cref="Config"/> to the watched file (atomically, so the gateway never reads half a file).</summary>
    public void WriteConfig()
    {
        var temporary = ConfigFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(Config));
        File.Move(temporary, ConfigFile, overwrite: true);
    }

    /// <summary>Registers a new .p8 key with the simulator and writes it to a file (mode 600); returns the path.</summary>
    public string AddSigningKey(string teamId, string keyId, string fileTag, params string[] topics)
    {
        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var publicKey = ECDsa.Create(signingKey.ExportParameters(false)))
        {
            Simulator.AddSigningKey(teamId, keyId, publicKey, topics);
        }

        var pem = signingKey.ExportPkcs8PrivateKeyPem();
        KeyPems.Add(pem);
        var path = Write($"AuthKey_{keyId}_{fileTag}.p8", pem);
        OwnerOnly(path);
        return path;
    }

    public static Notification Alert(string app, string id, string? token = null) => new()
    {
        Id = id,
        App = app,
        DeviceTokens = { token ?? GatewayFixture.NewToken() },
        Aps = new Aps { Alert = new Alert { Title = "Hi", Body = id } },
    };

    private static bool CallerTlsChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private void ApiKey(string name, string key, params string[] apps)
    {
        Config[$"PushGrpc:Auth:ApiKeys:{name}:Hash"] = ApiKeyHash.Create(key);
        for (var i = 0; i < apps.Length; i++)
        {
            Config[$"PushGrpc:Auth:ApiKeys:{name}:Apps:{i}"] = apps[i];
        }
    }

    private X509Certificate2 Issue(string commonName, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(CallerCa, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2), serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private string Write(string name, string contents)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, contents);
        return path;
    }

    /// <summary>Keeps every log line (message and exception) at every level.</summary>
    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> logs, ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, logs, errors);

        public void Dispose()
        {
        }

        private sealed class Collector(string category, ConcurrentQueue<string> logs, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = $"{logLevel} {category} {eventId.Name}: {formatter(state, exception)} {exception}";
                logs.Enqueue(line);
                if (logLevel >= LogLevel.Error)
                {
                    errors.Enqueue(line);
                }
            }
        }
    }
}
