using System.Net;
using System.Text;
using System.Text.Json;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>POST /v1/notifications:send (gRPC JSON transcoding) with plain HttpClient, as curl would call it.</summary>
public sealed class HttpApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly HttpClient _http = new() { DefaultRequestVersion = HttpVersion.Version11 };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task PostSend_GrpcurlJson_ReturnsTheSameResultsAsGrpcSend()
    {
        var tokens = new[] { GatewayFixture.NewToken(), MagicTokens.BadDeviceToken };
        var json = "{\"notification\":{\"id\":\"http-1\",\"app\":\"" + GatewayFixture.TokenApp + "\",\"device_tokens\":[\"" + tokens[0] + "\",\"" + tokens[1]
            + "\"],\"aps\":{\"alert\":{\"title\":\"Hi\",\"body\":\"there\"}}}}";

        var (status, body) = await PostAsync(_http, fixture.HttpAddress, json);
        var grpc = await fixture.Client.SendAsync(new SendRequest { Notification = SendTests.Alert(GatewayFixture.TokenApp, "http-1", tokens) })
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, status);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(tokens, results.Select(r => r.GetProperty("deviceToken").GetString()));
        Assert.Equal(["DELIVERY_STATUS_ACCEPTED", "DELIVERY_STATUS_REJECTED"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(grpc.Results.Select(r => r.Status.ToString()), ["Accepted", "Rejected"]);
        Assert.Equal("http-1", results[0].GetProperty("notificationId").GetString());
        Assert.Equal(200, results[0].GetProperty("httpStatus").GetInt32());
        Assert.Equal("BadDeviceToken", results[1].GetProperty("reason").GetString());
        var record = Assert.Single(fixture.Simulator.Records, r => r.ApnsId == results[0].GetProperty("apnsId").GetString());
        Assert.Equal("""{"aps":{"alert":{"title":"Hi","body":"there"}}}""", Encoding.UTF8.GetString(record.Payload.Span));
    }

    [Fact]
    public async Task PostSend_LowerCamelCaseJson_IsAcceptedToo()
    {
        var json = "{\"notification\":{\"app\":\"" + GatewayFixture.TokenApp + "\",\"deviceTokens\":[\"" + GatewayFixture.NewToken()
            + "\"],\"pushType\":\"PUSH_TYPE_ALERT\",\"aps\":{\"alert\":{\"body\":\"camel\"}}}}";

        var (status, body) = await PostAsync(_http, fixture.HttpAddress, json);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DELIVERY_STATUS_ACCEPTED", body.GetProperty("results")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task PostSend_InvalidNotification_ReturnsInvalidResultNamingTheField()
    {
        var json = "{\"notification\":{\"app\":\"" + GatewayFixture.TokenApp + "\",\"device_tokens\":[\"not-hex\"],\"aps\":{\"alert\":{\"body\":\"x\"}}}}";

        var (status, body) = await PostAsync(_http, fixture.HttpAddress, json);

        Assert.Equal(HttpStatusCode.OK, status);
        var result = body.GetProperty("results")[0];
        Assert.Equal("DELIVERY_STATUS_INVALID", result.GetProperty("status").GetString());
        Assert.Contains("device_tokens", result.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostSend_NoNotification_Is400InvalidArgument()
    {
        var (status, body) = await PostAsync(_http, fixture.HttpAddress, "{}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.Contains("notification", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheSendEndpoint()
    {
        using var response = await _http.GetAsync(new Uri(fixture.HttpAddress, "/openapi/v1.json")).WaitAsync(TestTimeouts.Default);
        response.EnsureSuccessStatusCode();
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var send = document.GetProperty("paths").GetProperty("/v1/notifications:send").GetProperty("post");
        Assert.True(send.TryGetProperty("requestBody", out _));
        Assert.Contains("PushGrpc", document.GetProperty("info").GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, Uri address, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(address, "/v1/notifications:send"), content).WaitAsync(TestTimeouts.Default);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
