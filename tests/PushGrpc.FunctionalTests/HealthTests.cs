using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using PushGrpc.Contracts.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace PushGrpc.FunctionalTests;

/// <summary>
/// A gateway with two apps that go wrong on purpose: "health-app", whose key the simulator does not know until a test
/// registers it (APNs rejects the credential, then accepts it), and "unreachable-app", whose APNs address refuses
/// connections.
/// </summary>
public sealed class HealthFixture : GatewayFixture
{
    public const string HealthApp = "health-app";
    public const string UnreachableApp = "unreachable-app";
    private const string HealthTeam = "TEAMHEALTH";
    private const string HealthKeyId = "KEYHEALTH1";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string HealthKeyPem => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>From now on the simulator accepts health-app's provider tokens.</summary>
    public void AcceptHealthAppKey()
    {
        using var publicKey = ECDsa.Create(_key.ExportParameters(false));
        Simulator.AddSigningKey(HealthTeam, HealthKeyId, publicKey, TokenTopic);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings
    {
        get
        {
            var health = $"PushGrpc:Apps:{HealthApp}";
            var unreachable = $"PushGrpc:Apps:{UnreachableApp}";
            return
            [
                new($"{health}:Topic", TokenTopic),
                new($"{health}:BaseAddress", Simulator.BaseAddress.ToString()),
                new($"{health}:CaCertificateFile", CaFile),
                new($"{health}:Token:TeamId", HealthTeam),
                new($"{health}:Token:KeyId", HealthKeyId),
                new($"{health}:Token:Key", HealthKeyPem),
                new($"{health}:CredentialErrorCooldown", "00:00:01"),
                new($"{unreachable}:Topic", P12Topic),
                new($"{unreachable}:BaseAddress", "https://127.0.0.1:1"),
                new($"{unreachable}:CaCertificateFile", CaFile),
                new($"{unreachable}:Token:TeamId", "TEAMUNREAC"),
                new($"{unreachable}:Token:KeyId", "KEYUNREACH"),
                new($"{unreachable}:Token:Key", HealthKeyPem),
                new($"{unreachable}:PoolSize", "1"),
                new($"{unreachable}:MaxAttempts", "1"),
            ];
        }
    }
}

/// <summary>grpc.health.v1 per app and overall, /healthz and /readyz.</summary>
public sealed class HealthTests(HealthFixture fixture) : IClassFixture<HealthFixture>, IDisposable
{
    private readonly HttpClient _http = new();
    private Health.HealthClient HealthClient => new(fixture.Channel);

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task AppHealth_CredentialRejectedThenAccepted_FlipsToNotServingAndBack()
    {
        using var cancel = new CancellationTokenSource(TestTimeouts.Default);
        using var watch = HealthClient.Watch(new HealthCheckRequest { Service = HealthFixture.HealthApp }, cancellationToken: cancel.Token);
        Assert.Equal(ServingStatus.Serving, await NextAsync(watch, cancel.Token));
        Assert.Equal(ServingStatus.Serving, await CheckAsync(HealthFixture.HealthApp));

        var rejected = await SendAsync(HealthFixture.HealthApp);
        Assert.Equal(DeliveryStatus.Failed, rejected.Status);
        Assert.Equal("InvalidProviderToken", rejected.Reason);

        Assert.Equal(ServingStatus.NotServing, await CheckAsync(HealthFixture.HealthApp));
        Assert.Equal(ServingStatus.NotServing, await NextAsync(watch, cancel.Token));
        Assert.Equal(ServingStatus.Serving, await CheckAsync(GatewayFixture.TokenApp));
        Assert.Equal(ServingStatus.Serving, await CheckAsync(string.Empty));

        var (readyStatus, ready) = await GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        var apps = ready.GetProperty("apns-apps").GetProperty("apps");
        Assert.StartsWith("NOT_SERVING: APNs rejects the credential (InvalidProviderToken", apps.GetProperty(HealthFixture.HealthApp).GetString(), StringComparison.Ordinal);
        Assert.Equal("SERVING", apps.GetProperty(GatewayFixture.TokenApp).GetString());
        Assert.DoesNotContain("PRIVATE KEY", ready.GetRawText(), StringComparison.Ordinal);

        // APNs accepts the key now: after the cool-down, the next send probes, gets an answer and clears the problem.
        fixture.AcceptHealthAppKey();
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(DeliveryStatus.Accepted, (await SendAsync(HealthFixture.HealthApp)).Status);

        Assert.Equal(ServingStatus.Serving, await CheckAsync(HealthFixture.HealthApp));
        Assert.Equal(ServingStatus.Serving, await NextAsync(watch, cancel.Token));
        Assert.Contains(fixture.TakeErrorLogs(), e => e.StartsWith("ApnsCredentialRejected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppHealth_PoolCannotConnect_IsNotServingWhileOthersServe()
    {
        var failed = await SendAsync(HealthFixture.UnreachableApp);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);

        Assert.Equal(ServingStatus.NotServing, await CheckAsync(HealthFixture.UnreachableApp));
        Assert.Equal(ServingStatus.Serving, await CheckAsync(GatewayFixture.PemApp));
        Assert.Equal(ServingStatus.Serving, await CheckAsync(string.Empty));
        Assert.Equal(ServingStatus.Serving, await CheckAsync("pushgrpc.v1.PushService"));
        var (_, ready) = await GetAsync("/readyz");
        Assert.StartsWith("NOT_SERVING: cannot connect to APNs", ready.GetProperty("apns-apps").GetProperty("apps").GetProperty(HealthFixture.UnreachableApp).GetString(), StringComparison.Ordinal);
        fixture.TakeErrorLogs();
    }

    [Fact]
    public async Task Check_UnknownService_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CheckAsync("no-such-app"));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Watch_UnknownService_ReportsServiceUnknown()
    {
        using var cancel = new CancellationTokenSource(TestTimeouts.Default);
        using var watch = HealthClient.Watch(new HealthCheckRequest { Service = "no-such-app" }, cancellationToken: cancel.Token);

        Assert.Equal(ServingStatus.ServiceUnknown, await NextAsync(watch, cancel.Token));
    }

    [Fact]
    public async Task Healthz_ProcessUp_IsHealthyOverHttp11()
    {
        using var response = await _http.GetAsync(new Uri(fixture.HttpAddress, "/healthz")).WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal("Healthy", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    private async Task<ServingStatus> CheckAsync(string service) =>
        (await HealthClient.CheckAsync(new HealthCheckRequest { Service = service }).ResponseAsync.WaitAsync(TestTimeouts.Default)).Status;

    private static async Task<ServingStatus> NextAsync(AsyncServerStreamingCall<HealthCheckResponse> watch, CancellationToken cancellationToken)
    {
        Assert.True(await watch.ResponseStream.MoveNext(cancellationToken));
        return watch.ResponseStream.Current.Status;
    }

    private async Task<DeliveryResult> SendAsync(string app)
    {
        var response = await fixture.Client.SendAsync(new SendRequest { Notification = SendTests.Alert(app, "health", [GatewayFixture.NewToken()]) })
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        return Assert.Single(response.Results);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(fixture.HttpAddress, path)).WaitAsync(TestTimeouts.Default);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}

/// <summary>Readiness during shutdown: a gateway that is stopping is NOT_SERVING, so load balancers drain it.</summary>
public sealed class ReadinessShutdownTests
{
    [Fact]
    public async Task Readyz_GatewayStopping_Is503()
    {
        await using var gateway = await PushGrpc.Server.Hosting.GatewayApplication.BuildAsync(["--environment", "Development"], builder =>
            Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, GatewayAddresses.EphemeralPorts));
        await gateway.StartAsync().WaitAsync(TestTimeouts.Default);
        using var http = new HttpClient();
        var readyz = new Uri(GatewayAddresses.Http(gateway), "/readyz");
        using (var ready = await http.GetAsync(readyz).WaitAsync(TestTimeouts.Default))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var checks = (Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService)gateway.Services.GetService(typeof(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService))!;
        var lifetime = (Microsoft.Extensions.Hosting.IHostApplicationLifetime)gateway.Services.GetService(typeof(Microsoft.Extensions.Hosting.IHostApplicationLifetime))!;
        lifetime.StopApplication();
        var report = await checks.CheckHealthAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, report.Status);
        await gateway.StopAsync().WaitAsync(TestTimeouts.Default);
    }
}
