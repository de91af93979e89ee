using System.Net;
using PushGrpc.ApnsSimulator;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.FunctionalTests.Security;

/// <summary>
/// The HTTP/JSON routes go through the same caller authentication as gRPC: no or an unknown key is 401, a key for
/// another app is a PermissionDenied result and nothing reaches APNs.
/// </summary>
public sealed class HttpApiAuthTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>, IDisposable
{
    private readonly HttpClient _http = new() { DefaultRequestVersion = HttpVersion.Version11 };

    private Uri HttpAddress => GatewayAddresses.Http(fixture.Gateway);

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("pgk_not-a-configured-key-0000")]
    public async Task ChannelsAndSend_WithoutAValidKey_Are401(string? apiKey)
    {
        var channels = "/v1/apps/" + SecureGatewayFixture.AppA + "/channels";
        var send = "{\"notification\":{\"app\":\"" + SecureGatewayFixture.AppA + "\",\"device_tokens\":[\"" + GatewayFixture.NewToken() + "\"],\"aps\":{\"alert\":{\"body\":\"x\"}}}}";
        var before = fixture.Simulator.Records.Count;

        var (listed, _) = await HttpApiTests.SendAsync(_http, HttpMethod.Get, HttpAddress, channels, apiKey: apiKey);
        var (created, _) = await HttpApiTests.SendAsync(_http, HttpMethod.Post, HttpAddress, channels,
            """{"message_storage_policy":"MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED"}""", apiKey);
        var (read, _) = await HttpApiTests.SendAsync(_http, HttpMethod.Get, HttpAddress, channels + "/AAAAAAAAAAAAAAAAAAAAAA%3D%3D", apiKey: apiKey);
        var (deleted, _) = await HttpApiTests.SendAsync(_http, HttpMethod.Delete, HttpAddress, channels + "/AAAAAAAAAAAAAAAAAAAAAA%3D%3D", apiKey: apiKey);
        var (sent, _) = await HttpApiTests.SendAsync(_http, HttpMethod.Post, HttpAddress, "/v1/notifications:send", send, apiKey);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            [listed, created, read, deleted, sent]);
        Assert.Equal(before, fixture.Simulator.Records.Count);
    }

    [Fact]
    public async Task CreateChannel_KeyForAnotherApp_IsPermissionDeniedAndSendsNothing()
    {
        var (status, body) = await HttpApiTests.SendAsync(_http, HttpMethod.Post, HttpAddress, "/v1/apps/" + SecureGatewayFixture.AppB + "/channels",
            """{"message_storage_policy":"MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED"}""", SecureGatewayFixture.KeyForA);

        Assert.Equal(HttpStatusCode.OK, status);
        HttpApiTests.AssertResult(body, "DELIVERY_STATUS_INVALID", 0);
        Assert.Equal(DeliveryResults.PermissionDeniedReason, body.GetProperty("result").GetProperty("reason").GetString());
        Assert.Contains(SecureGatewayFixture.AppB, body.GetProperty("result").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("channel", out _));
        Assert.DoesNotContain(fixture.Simulator.Records, r => r.Kind != SimulatorRequestKind.DevicePush && r.BundleId == "com.example.b");
    }
}
