using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>
/// One simulator per test class, on an ephemeral port, with one signing key for <see cref="BundleId"/>, and a real
/// HTTP/2 client that trusts the simulator's CA through a custom root (never by disabling validation).
/// </summary>
public class SimulatorFixture : IAsyncLifetime
{
    public const string TeamId = "TEAM123456";
    public const string KeyId = "KEY1234567";
    public const string BundleId = "com.example.app";
    public const string AlertPayload = """{"aps":{"alert":"hello"}}""";

    private readonly List<HttpClient> clients = [];
    private readonly CollectingLoggerProvider logs = new();
    private ILoggerFactory loggerFactory = null!;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public ECDsa SigningKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ApnsSimulator Simulator { get; private set; } = null!;

    /// <summary>A token-auth client (no client certificate).</summary>
    public HttpClient Client { get; private set; } = null!;

    public static string RandomToken() => RandomNumberGenerator.GetHexString(64, lowercase: true);

    public async Task InitializeAsync()
    {
        var options = new ApnsSimulatorOptions { TimeProvider = Time };
        Configure(options);
        loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        Simulator = await ApnsSimulator.StartAsync(options, loggerFactory).Timeout();
        Simulator.AddSigningKey(TeamId, KeyId, SigningKey, BundleId);
        Client = CreateClient();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        await Simulator.DisposeAsync().AsTask().Timeout();
        SigningKey.Dispose();
        loggerFactory.Dispose();
        AssertNoErrorLogs();
    }

    /// <summary>
    /// Traffic, good or bad, must be answered without the simulator or Kestrel logging an error. Drains the entries
    /// seen so far, so one test's failure does not fail the tests after it.
    /// </summary>
    public void AssertNoErrorLogs()
    {
        var errors = new List<string>();
        while (logs.Entries.TryDequeue(out var entry))
        {
            if (entry.Level >= LogLevel.Error)
            {
                errors.Add($"{entry.Category}: {entry.Message} {entry.Exception}");
            }
        }

        Assert.Empty(errors);
    }

    /// <summary>A fresh client (its own HTTP/2 connection), optionally presenting a client certificate.</summary>
    public HttpClient CreateClient(X509Certificate2? clientCertificate = null)
    {
        var client = CreateClient(Simulator, clientCertificate);
        clients.Add(client);
        return client;
    }

    /// <summary>A fresh client of the channel-management listener, optionally presenting a client certificate.</summary>
    public HttpClient CreateManagementClient(X509Certificate2? clientCertificate = null)
    {
        var client = CreateClient(Simulator, clientCertificate, Simulator.ManagementBaseAddress);
        clients.Add(client);
        return client;
    }

    /// <summary>A client for any simulator (its push listener unless told otherwise): HTTP/2 only, trusting exactly that simulator's CA.</summary>
    public static HttpClient CreateClient(ApnsSimulator simulator, X509Certificate2? clientCertificate = null, Uri? baseAddress = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(simulator.CaCertificate);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return new HttpClient(handler)
        {
            BaseAddress = baseAddress ?? simulator.BaseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>A provider token issued now (per the simulator's clock) with the fixture's key.</summary>
    public string CreateJwt(DSASignatureFormat format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation) =>
        Jwt.Create(SigningKey, KeyId, TeamId, Time.GetUtcNow().ToUnixTimeSeconds(), format);

    /// <summary>A bare HTTP/2 request (HttpClient's default version applies only to its helper methods, not to SendAsync).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path) => new(method, path)
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>A push request; null arguments leave the header (or body) out.</summary>
    public HttpRequestMessage Push(
        string? deviceToken = null,
        string? payload = AlertPayload,
        string? jwt = "",
        string? topic = BundleId,
        string? pushType = null,
        params (string Name, string Value)[] headers)
    {
        var request = Request(HttpMethod.Post, $"/3/device/{deviceToken ?? RandomToken()}");
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        // "" means "a valid token from the fixture's key"; null sends no authorization header.
        jwt = jwt == string.Empty ? CreateJwt() : jwt;
        if (jwt is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", $"bearer {jwt}");
        }

        if (topic is not null)
        {
            request.Headers.TryAddWithoutValidation("apns-topic", topic);
        }

        if (pushType is not null)
        {
            request.Headers.TryAddWithoutValidation("apns-push-type", pushType);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public Task<ApnsAnswer> SendAsync(HttpRequestMessage request) => SendAsync(Client, request);

    public static async Task<ApnsAnswer> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request).Timeout();
            return await ApnsAnswer.ReadAsync(response);
        }
    }

    /// <summary>The record the simulator kept for the answer carrying <paramref name="apnsId"/>.</summary>
    public SimulatorRecord RecordOf(string? apnsId) => Simulator.Records.Single(r => r.ApnsId == apnsId);

    protected virtual void Configure(ApnsSimulatorOptions options)
    {
    }
}

/// <summary>A production simulator: no apns-unique-id, production-only certificates accepted.</summary>
public sealed class ProductionSimulatorFixture : SimulatorFixture
{
    protected override void Configure(ApnsSimulatorOptions options) => options.Environment = ApnsEnvironment.Production;
}

/// <summary>A simulator advertising only five concurrent streams per connection.</summary>
public sealed class FiveStreamsSimulatorFixture : SimulatorFixture
{
    protected override void Configure(ApnsSimulatorOptions options) => options.MaxConcurrentStreams = 5;
}

/// <summary>A simulator that answers 429 TooManyRequests to a device token's fourth push within a minute.</summary>
public sealed class RateLimitedSimulatorFixture : SimulatorFixture
{
    public const int Limit = 3;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    protected override void Configure(ApnsSimulatorOptions options)
    {
        options.DeviceTokenRateLimit = Limit;
        options.DeviceTokenRateWindow = Window;
    }
}
