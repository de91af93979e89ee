using System.Net;
using System.Security.Cryptography;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>
/// A gateway with an app of its own ("metrics-app", its own key and so its own APNs client), so the numbers its
/// scrape shows come from this class's sends alone even while other classes' gateways run in the same process.
/// </summary>
public sealed class MetricsFixture : GatewayFixture
{
    public const string MetricsApp = "metrics-app";
    private const string MetricsTeam = "TEAMMETRIC";
    private const string MetricsKey = "KEYMETRICS";

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings
    {
        get
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using (var publicKey = ECDsa.Create(key.ExportParameters(false)))
            {
                Simulator.AddSigningKey(MetricsTeam, MetricsKey, publicKey, TokenTopic);
            }

            var app = $"PushGrpc:Apps:{MetricsApp}";
            return
            [
                new($"{app}:Topic", TokenTopic),
                new($"{app}:BaseAddress", Simulator.BaseAddress.ToString()),
                new($"{app}:CaCertificateFile", CaFile),
                new($"{app}:Token:TeamId", MetricsTeam),
                new($"{app}:Token:KeyId", MetricsKey),
                new($"{app}:Token:Key", key.ExportPkcs8PrivateKeyPem()),
                new($"{app}:PoolSize", "3"),
                new($"{app}:MaxAttempts", "2"),
            ];
        }
    }
}

/// <summary>
/// The metrics classes run on their own, after the parallel ones. Disposing a gateway disposes its meters, and
/// OpenTelemetry then stops exporting instruments of the same meter name for every gateway in the process
/// (open-telemetry/opentelemetry-dotnet#6412): a scrape taken while another class's gateway shuts down can miss counts.
/// One gateway per process, as in production, never meets this.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics, alone";
}

/// <summary>/metrics on the HTTP/1.1 endpoint: the metrics, with the right labels and values after a known run.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>, IDisposable
{
    private const string App = MetricsFixture.MetricsApp;
    private readonly HttpClient _http = new() { DefaultRequestVersion = HttpVersion.Version11 };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Metrics_AfterKnownSends_CountResultsRetriesConnectionsAndCallsWithBoundedLabels()
    {
        var before = await PrometheusText.ScrapeAsync(_http, fixture.HttpAddress);
        var accepted = new[] { GatewayFixture.NewToken(), GatewayFixture.NewToken() };

        // Unary: two accepted and one rejected; a 503 that is retried once (MaxAttempts 2) and still fails.
        var unary = await fixture.Client.SendAsync(new SendRequest
        {
            Notification = SendTests.Alert(App, "m-1", [.. accepted, MagicTokens.BadDeviceToken, MagicTokens.ServiceUnavailable]),
        }).ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.Equal(
            [DeliveryStatus.Accepted, DeliveryStatus.Accepted, DeliveryStatus.Rejected, DeliveryStatus.Failed],
            unary.Results.Select(r => r.Status));

        // Stream: three accepted background pushes and one invalid (an app that is not configured).
        var background = Enumerable.Range(0, 3).Select(i => new Notification
        {
            Id = $"bg-{i}",
            App = App,
            DeviceTokens = { GatewayFixture.NewToken() },
            Aps = new Aps { ContentAvailable = true },
        });
        var unknownApp = SendTests.Alert("no-such-app-" + Guid.NewGuid().ToString("N"), "bad", [GatewayFixture.NewToken()]);
        var streamed = await StreamClient.SendAllAsync(fixture.Client, [.. background, unknownApp], TestTimeouts.Default);
        Assert.Equal(3, streamed.Count(r => r.Status == DeliveryStatus.Accepted));
        Assert.Equal(1, streamed.Count(r => r.Status == DeliveryStatus.Invalid));

        var after = await PrometheusText.ScrapeAsync(_http, fixture.HttpAddress);
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        // Results by app, push type, status and reason.
        Assert.Equal(2, Delta("pushgrpc_results_total", ("app", App), ("push_type", "alert"), ("status", "accepted"), ("reason", "none")));
        Assert.Equal(1, Delta("pushgrpc_results_total", ("app", App), ("push_type", "alert"), ("status", "rejected"), ("reason", "BadDeviceToken")));
        Assert.Equal(1, Delta("pushgrpc_results_total", ("app", App), ("push_type", "alert"), ("status", "failed"), ("reason", "ServiceUnavailable")));
        Assert.Equal(3, Delta("pushgrpc_results_total", ("app", App), ("push_type", "background"), ("status", "accepted")));
        Assert.True(Delta("pushgrpc_results_total", ("app", "unknown"), ("status", "invalid")) >= 1);
        Assert.Equal(7, Delta("pushgrpc_result_duration_seconds_count", ("app", App)));

        // APNs round trips: 2 + 1 + 3 answered on the first attempt, the 503 twice.
        Assert.Equal(5, Delta("pushgrpc_apns_request_duration_seconds_count", ("app", App), ("outcome", "accepted"), ("http_status", "200")));
        Assert.Equal(1, Delta("pushgrpc_apns_request_duration_seconds_count", ("app", App), ("outcome", "rejected"), ("http_status", "400")));
        Assert.Equal(2, Delta("pushgrpc_apns_request_duration_seconds_count", ("app", App), ("outcome", "failed"), ("http_status", "503")));
        Assert.Equal(1, Delta("pushgrpc_apns_retries_total", ("app", App), ("cause", "http_503")));
        Assert.True(after.Sum("pushgrpc_apns_provider_tokens_minted_total", ("app", App)) >= 1);
        Assert.True(after.Sum("pushgrpc_apns_connects_total", ("app", App), ("result", "opened")) >= 1);

        // The pool: three connections, each with the simulator's stream limit once connected (1 before SETTINGS).
        var limits = after.Matching("pushgrpc_apns_connection_stream_limit", ("app", App)).ToList();
        Assert.Equal(["0", "1", "2"], limits.Select(s => s.Labels["connection"]).Order());
        Assert.Contains(limits, s => s.Value == 1000);
        Assert.Equal(3, after.Sum("pushgrpc_apns_pool_connections", ("app", App)));
        Assert.Equal(0, after.Sum("pushgrpc_apns_credential_rejected", ("app", App)));

        // gRPC calls by method and code. The unlabelled in-flight gauges are exported, but other classes' gateways in
        // this process feed the same meter names while they run, so their values are not this class's to assert.
        Assert.True(Delta("pushgrpc_grpc_calls_total", ("method", "pushgrpc.v1.PushService/Send"), ("code", "OK")) >= 1);
        Assert.True(Delta("pushgrpc_grpc_calls_total", ("method", "pushgrpc.v1.PushService/SendStream"), ("code", "OK")) >= 1);
        Assert.NotEmpty(after.Matching("pushgrpc_dispatch_in_flight_limit"));
        Assert.NotEmpty(after.Matching("pushgrpc_sendstream_saturated"));

        // Bounded labels: no device token, notification id or caller-chosen app name anywhere in the scrape.
        Assert.All(accepted, token => Assert.DoesNotContain(token, after.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(MagicTokens.BadDeviceToken, after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("m-1", after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(unknownApp.App, after.Text, StringComparison.Ordinal);
        Assert.Empty(fixture.ErrorLogs);
    }

    [Fact]
    public async Task Metrics_OnTheHttpEndpoint_AreServedOverHttp11AsPrometheusText()
    {
        using var response = await _http.GetAsync(new Uri(fixture.HttpAddress, "/metrics")).WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE pushgrpc_apns_connection_stream_limit gauge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>A gateway that has served no call yet.</summary>
public sealed class UnusedGatewayFixture : GatewayFixture;

/// <summary>The dispatch gauges are there before the first call: a dashboard of a gateway started idle shows its limits.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsBeforeTheFirstCallTests(UnusedGatewayFixture fixture) : IClassFixture<UnusedGatewayFixture>
{
    [Fact]
    public void DispatchGauges_BeforeAnyCall_ShowTheLimits()
    {
        Assert.True(GatewayGauge.Read(fixture.Gateway, "pushgrpc.dispatch.in_flight.limit") > 0);
        Assert.True(GatewayGauge.Read(fixture.Gateway, "pushgrpc.dispatch.pool.in_flight.limit", GatewayFixture.TokenApp) > 0);
    }
}
