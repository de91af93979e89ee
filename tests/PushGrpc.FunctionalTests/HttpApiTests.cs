using System.Net;
using System.Text;
using System.Text.Json;
using PushGrpc.Apns;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>
/// POST /v1/notifications:send and the /v1/apps/{app}/channels routes (gRPC JSON transcoding) with plain HttpClient,
/// as curl would call them.
/// </summary>
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

    [Fact]
    public async Task Channels_CreateListGetDelete_AnswerLikeChannelService()
    {
        var channels = "/v1/apps/" + GatewayFixture.TokenApp + "/channels";

        var (createStatus, created) = await SendAsync(_http, HttpMethod.Post, fixture.HttpAddress, channels,
            """{"message_storage_policy":"MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED"}""");
        Assert.Equal(HttpStatusCode.OK, createStatus);
        AssertResult(created, "DELIVERY_STATUS_ACCEPTED", 201);
        var channelId = created.GetProperty("channel").GetProperty("id").GetString()!;
        Assert.Equal("MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED", created.GetProperty("channel").GetProperty("messageStoragePolicy").GetString());
        Assert.Equal(ApnsMessageStoragePolicy.NoMessageStored, fixture.Simulator.StoragePolicyOf(GatewayFixture.TokenTopic, channelId));

        var (_, listed) = await SendAsync(_http, HttpMethod.Get, fixture.HttpAddress, channels);
        AssertResult(listed, "DELIVERY_STATUS_ACCEPTED", 200);
        Assert.Contains(channelId, listed.GetProperty("channelIds").EnumerateArray().Select(id => id.GetString()));

        var (_, read) = await SendAsync(_http, HttpMethod.Get, fixture.HttpAddress, channels + "/" + Uri.EscapeDataString(channelId));
        AssertResult(read, "DELIVERY_STATUS_ACCEPTED", 200);
        Assert.Equal(channelId, read.GetProperty("channel").GetProperty("id").GetString());
        Assert.Equal("MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED", read.GetProperty("channel").GetProperty("messageStoragePolicy").GetString());

        var (_, deleted) = await SendAsync(_http, HttpMethod.Delete, fixture.HttpAddress, channels + "/" + Uri.EscapeDataString(channelId));
        AssertResult(deleted, "DELIVERY_STATUS_ACCEPTED", 204);
        Assert.DoesNotContain(channelId, fixture.Simulator.ChannelsOf(GatewayFixture.TokenTopic));

        var (goneStatus, gone) = await SendAsync(_http, HttpMethod.Get, fixture.HttpAddress, channels + "/" + Uri.EscapeDataString(channelId));
        Assert.Equal(HttpStatusCode.OK, goneStatus);
        AssertResult(gone, "DELIVERY_STATUS_REJECTED", 400);
        Assert.Equal("ChannelNotRegistered", gone.GetProperty("result").GetProperty("reason").GetString());
        Assert.False(gone.TryGetProperty("channel", out _));
    }

    [Fact]
    public async Task Channels_IdWithSlashAndPlus_IsFoundPercentEncodedOrAsItIs()
    {
        // APNs ids are standard base64, so "/" and "+" occur; seed until one id has both (a few dozen tries at most).
        var seeded = new List<string>();
        string channelId;
        do
        {
            channelId = fixture.Simulator.CreateChannel(GatewayFixture.TokenTopic);
            seeded.Add(channelId);
        }
        while (!(channelId.Contains('/', StringComparison.Ordinal) && channelId.Contains('+', StringComparison.Ordinal)) && seeded.Count < 2000);

        var channels = "/v1/apps/" + GatewayFixture.TokenApp + "/channels/";
        var (_, encoded) = await SendAsync(_http, HttpMethod.Get, fixture.HttpAddress, channels + Uri.EscapeDataString(channelId));
        var (_, raw) = await SendAsync(_http, HttpMethod.Get, fixture.HttpAddress, channels + channelId);
        var (_, deleted) = await SendAsync(_http, HttpMethod.Delete, fixture.HttpAddress, channels + channelId);

        Assert.Contains("/", channelId, StringComparison.Ordinal);
        Assert.Contains("+", channelId, StringComparison.Ordinal);
        AssertResult(encoded, "DELIVERY_STATUS_ACCEPTED", 200);
        Assert.Equal(channelId, encoded.GetProperty("channel").GetProperty("id").GetString());
        AssertResult(raw, "DELIVERY_STATUS_ACCEPTED", 200);
        Assert.Equal(channelId, raw.GetProperty("channel").GetProperty("id").GetString());
        AssertResult(deleted, "DELIVERY_STATUS_ACCEPTED", 204);
        Assert.DoesNotContain(channelId, fixture.Simulator.ChannelsOf(GatewayFixture.TokenTopic));
        foreach (var other in seeded.Where(id => id != channelId))
        {
            await fixture.Channels.DeleteChannelAsync(new DeleteChannelRequest { App = GatewayFixture.TokenApp, ChannelId = other });
        }
    }

    [Fact]
    public async Task Channels_NoStoragePolicyOrUnknownApp_ReturnInvalidResultsNamingTheField()
    {
        var (status, noPolicy) = await SendAsync(_http, HttpMethod.Post, fixture.HttpAddress, "/v1/apps/" + GatewayFixture.TokenApp + "/channels", "{}");
        var (_, unknownApp) = await SendAsync(_http, HttpMethod.Get, fixture.HttpAddress, "/v1/apps/no-such-app/channels");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertResult(noPolicy, "DELIVERY_STATUS_INVALID", 0);
        Assert.Contains("message_storage_policy", noPolicy.GetProperty("result").GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertResult(unknownApp, "DELIVERY_STATUS_INVALID", 0);
        Assert.Contains("no-such-app", unknownApp.GetProperty("result").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheChannelEndpoints()
    {
        using var response = await _http.GetAsync(new Uri(fixture.HttpAddress, "/openapi/v1.json")).WaitAsync(TestTimeouts.Default);
        response.EnsureSuccessStatusCode();
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");

        var channels = paths.EnumerateObject().Single(p => p.Name == "/v1/apps/{app}/channels").Value;
        Assert.True(channels.GetProperty("post").TryGetProperty("requestBody", out _));
        Assert.True(channels.TryGetProperty("get", out _));
        var channel = paths.EnumerateObject().Single(p => p.Name.StartsWith("/v1/apps/{app}/channels/{", StringComparison.Ordinal)).Value;
        Assert.True(channel.TryGetProperty("get", out _));
        Assert.True(channel.TryGetProperty("delete", out _));
    }

    internal static void AssertResult(JsonElement response, string status, int httpStatus)
    {
        var result = response.GetProperty("result");
        Assert.Equal(status, result.GetProperty("status").GetString());
        Assert.Equal(httpStatus, result.TryGetProperty("httpStatus", out var http) ? http.GetInt32() : 0);
        if (httpStatus != 0)
        {
            Assert.NotEmpty(result.GetProperty("apnsRequestId").GetString()!);
        }
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(
        HttpClient http, HttpMethod method, Uri address, string path, string? json = null, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(address, path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (apiKey is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var response = await http.SendAsync(request).WaitAsync(TestTimeouts.Default);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    internal static Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, Uri address, string json) =>
        SendAsync(http, HttpMethod.Post, address, "/v1/notifications:send", json);
}
