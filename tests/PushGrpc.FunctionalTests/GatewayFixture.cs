using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Hosting;

namespace PushGrpc.FunctionalTests;

/// <summary>
/// A real gateway on a loopback port, configured with three apps (token auth, .p12 certificate, combined PEM
/// certificate) against a real simulator. Tests talk to it through a real gRPC channel.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    public const string TokenApp = "token-app";
    public const string TokenTopic = "com.example.token";
    public const string P12App = "p12-app";
    public const string P12Topic = "com.example.p12";
    public const string PemApp = "pem-app";
    public const string PemTopic = "com.example.pem";
    public const string TeamId = "TEAM000001";
    public const string KeyId = "KEY0000001";

    private readonly string _directory = Directory.CreateTempSubdirectory("pushgrpc-tests-").FullName;
    private readonly ErrorLogCollector _errors = new();

    public ApnsSimulator.ApnsSimulator Simulator { get; private set; } = null!;

    public Microsoft.AspNetCore.Builder.WebApplication Gateway { get; private set; } = null!;

    public GrpcChannel Channel { get; private set; } = null!;

    public PushService.PushServiceClient Client { get; private set; } = null!;

    public ChannelService.ChannelServiceClient Channels { get; private set; } = null!;

    /// <summary>The HTTP/1.1 endpoint: /metrics, /healthz, /readyz and the HTTP/JSON API.</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>Errors the gateway logged; a test that expects none asserts this is empty.</summary>
    public IReadOnlyCollection<string> ErrorLogs => _errors.Errors;

    /// <summary>Takes the errors logged so far, for a test that provokes some on purpose.</summary>
    public IReadOnlyList<string> TakeErrorLogs() => _errors.Take();

    /// <summary>The simulator's CA certificate (PEM file), for apps a derived fixture adds.</summary>
    protected string CaFile { get; private set; } = null!;

    /// <summary>Extra settings for a fixture that needs a different simulator or gateway limit.</summary>
    protected virtual int SimulatorMaxConcurrentStreams => 1000;

    /// <summary>The simulator's clock (provider-token ages, slow answers); a fixture may hold it.</summary>
    protected virtual TimeProvider SimulatorTime => TimeProvider.System;

    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public async Task InitializeAsync()
    {
        Simulator = await ApnsSimulator.ApnsSimulator.StartAsync(new ApnsSimulatorOptions
        {
            MaxConcurrentStreams = SimulatorMaxConcurrentStreams,
            TimeProvider = SimulatorTime,
        });

        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var publicKey = ECDsa.Create(signingKey.ExportParameters(false)))
        {
            Simulator.AddSigningKey(TeamId, KeyId, publicKey, TokenTopic);
        }

        var keyFile = Write("AuthKey.p8", signingKey.ExportPkcs8PrivateKeyPem());
        var caFile = Write("simulator-ca.pem", Simulator.CaCertificate.ExportCertificatePem());
        CaFile = caFile;

        using var p12Certificate = Simulator.IssueClientCertificate(P12Topic);
        var p12File = Path.Combine(_directory, "apns.p12");
        await File.WriteAllBytesAsync(p12File, p12Certificate.Export(X509ContentType.Pkcs12, "secret-p12-password"));

        // What `openssl pkcs12 -in X.p12 -out X.pem -nodes` writes: certificate and unencrypted key in one file.
        using var pemCertificate = Simulator.IssueClientCertificate(PemTopic);
        var pemFile = Write("apns.pem", pemCertificate.ExportCertificatePem() + "\n" + ExportKeyPem(pemCertificate));

        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["PushGrpc:Simulator:Enabled"] = "false",
            // Not Development, so the gateway wants caller authentication unless told otherwise; the auth tests
            // configure it in their own fixtures.
            ["PushGrpc:Auth:AllowUnauthenticated"] = "true",
            [$"PushGrpc:Apps:{TokenApp}:Topic"] = TokenTopic,
            [$"PushGrpc:Apps:{TokenApp}:BaseAddress"] = Simulator.BaseAddress.ToString(),
            [$"PushGrpc:Apps:{TokenApp}:ManagementBaseAddress"] = Simulator.ManagementBaseAddress.ToString(),
            [$"PushGrpc:Apps:{TokenApp}:CaCertificateFile"] = caFile,
            [$"PushGrpc:Apps:{TokenApp}:Token:TeamId"] = TeamId,
            [$"PushGrpc:Apps:{TokenApp}:Token:KeyId"] = KeyId,
            [$"PushGrpc:Apps:{TokenApp}:Token:KeyFile"] = keyFile,
            [$"PushGrpc:Apps:{P12App}:Topic"] = P12Topic,
            [$"PushGrpc:Apps:{P12App}:BaseAddress"] = Simulator.BaseAddress.ToString(),
            [$"PushGrpc:Apps:{P12App}:ManagementBaseAddress"] = Simulator.ManagementBaseAddress.ToString(),
            [$"PushGrpc:Apps:{P12App}:CaCertificateFile"] = caFile,
            [$"PushGrpc:Apps:{P12App}:Certificate:File"] = p12File,
            [$"PushGrpc:Apps:{P12App}:Certificate:Password"] = "secret-p12-password",
            [$"PushGrpc:Apps:{PemApp}:Topic"] = PemTopic,
            [$"PushGrpc:Apps:{PemApp}:BaseAddress"] = Simulator.BaseAddress.ToString(),
            [$"PushGrpc:Apps:{PemApp}:ManagementBaseAddress"] = Simulator.ManagementBaseAddress.ToString(),
            [$"PushGrpc:Apps:{PemApp}:CaCertificateFile"] = caFile,
            [$"PushGrpc:Apps:{PemApp}:Certificate:File"] = pemFile,
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        Gateway = await GatewayApplication.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.AddProvider(_errors);
        });
        await Gateway.StartAsync().WaitAsync(TestTimeouts.Default);

        Channel = GrpcChannel.ForAddress(GatewayAddresses.Grpc(Gateway));
        HttpAddress = GatewayAddresses.Http(Gateway);
        Client = new PushService.PushServiceClient(Channel);
        Channels = new ChannelService.ChannelServiceClient(Channel);
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.StopAsync().WaitAsync(TestTimeouts.Default);
            await Gateway.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    public static string NewToken() => RandomNumberGenerator.GetHexString(64, lowercase: true);

    private string Write(string name, string contents)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, contents);
        return path;
    }

    private static string ExportKeyPem(X509Certificate2 certificate) =>
        certificate.GetECDsaPrivateKey()?.ExportPkcs8PrivateKeyPem()
        ?? certificate.GetRSAPrivateKey()?.ExportPkcs8PrivateKeyPem()
        ?? throw new InvalidOperationException("The issued client certificate has no private key.");

    /// <summary>Collects Error and Critical logs so tests can fail on unexpected errors.</summary>
    private sealed class ErrorLogCollector : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _errors = new();

        public IReadOnlyCollection<string> Errors => _errors;

        public IReadOnlyList<string> Take()
        {
            var taken = new List<string>();
            while (_errors.TryDequeue(out var error))
            {
                taken.Add(error);
            }

            return taken;
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _errors.Enqueue($"{eventId.Name}: {formatter(state, exception)} {exception}");
            }
        }

        public void Dispose()
        {
        }
    }
}
