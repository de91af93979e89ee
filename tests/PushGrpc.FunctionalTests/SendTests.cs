using Grpc.Core;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>Unary Send through the real gateway to the real simulator.</summary>
public sealed class SendTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Send_TokenAppMulticast_ReturnsOneAcceptedResultPerTokenInOrder()
    {
        var tokens = new[] { GatewayFixture.NewToken(), GatewayFixture.NewToken(), GatewayFixture.NewToken() };

        var response = await SendAsync(GatewayFixture.TokenApp, "multicast-1", tokens);

        Assert.Equal(tokens, response.Results.Select(r => r.DeviceToken));
        Assert.All(response.Results, result =>
        {
            Assert.Equal(DeliveryStatus.Accepted, result.Status);
            Assert.Equal("multicast-1", result.NotificationId);
            Assert.Equal(200, result.HttpStatus);
            Assert.Equal(1, result.Attempts);
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", result.ApnsId);
            Assert.NotEmpty(result.ApnsUniqueId);
            var record = Assert.Single(fixture.Simulator.Records, r => r.ApnsId == result.ApnsId);
            Assert.Equal(result.DeviceToken, record.DeviceToken);
            Assert.Equal(GatewayFixture.TokenTopic, record.Topic);
            Assert.Equal("alert", record.PushType);
            Assert.Equal("token", record.AuthMode);
            Assert.Equal("""{"aps":{"alert":{"title":"Hi","body":"there"}}}""", System.Text.Encoding.UTF8.GetString(record.Payload.Span));
        });
        Assert.Empty(fixture.ErrorLogs);
    }

    [Theory]
    [InlineData(GatewayFixture.P12App, GatewayFixture.P12Topic)]
    [InlineData(GatewayFixture.PemApp, GatewayFixture.PemTopic)]
    public async Task Send_CertificateApp_IsAcceptedOverMutualTls(string app, string topic)
    {
        var response = await SendAsync(app, "cert-1", [GatewayFixture.NewToken()]);

        var result = Assert.Single(response.Results);
        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        var record = Assert.Single(fixture.Simulator.Records, r => r.ApnsId == result.ApnsId);
        Assert.Equal("certificate", record.AuthMode);
        Assert.Equal(topic, record.Topic);
    }

    [Fact]
    public async Task Send_UnregisteredToken_ReturnsRejectedWithReasonAndTimestamp()
    {
        var token = GatewayFixture.NewToken();
        var since = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        fixture.Simulator.UnregisterDeviceToken(token, since);

        var result = Assert.Single((await SendAsync(GatewayFixture.TokenApp, "gone", [token])).Results);

        Assert.Equal(DeliveryStatus.Rejected, result.Status);
        Assert.Equal(410, result.HttpStatus);
        Assert.Equal("Unregistered", result.Reason);
        Assert.Equal(since, result.TokenInvalidSince.ToDateTimeOffset());
    }

    [Theory]
    [InlineData(MagicOutcome.BadDeviceToken, DeliveryStatus.Rejected, 400, "BadDeviceToken")]
    [InlineData(MagicOutcome.DeviceTokenNotForTopic, DeliveryStatus.Rejected, 400, "DeviceTokenNotForTopic")]
    [InlineData(MagicOutcome.ExpiredToken, DeliveryStatus.Rejected, 410, "ExpiredToken")]
    [InlineData(MagicOutcome.TooManyRequests, DeliveryStatus.Failed, 429, "TooManyRequests")]
    [InlineData(MagicOutcome.InternalServerError, DeliveryStatus.Failed, 500, "InternalServerError")]
    [InlineData(MagicOutcome.ServiceUnavailable, DeliveryStatus.Failed, 503, "ServiceUnavailable")]
    public async Task Send_MagicToken_MapsApnsAnswerToResult(MagicOutcome outcome, DeliveryStatus status, int httpStatus, string reason)
    {
        var result = Assert.Single((await SendAsync(GatewayFixture.TokenApp, "magic", [MagicTokens.Create(outcome)])).Results);

        Assert.Equal(status, result.Status);
        Assert.Equal(httpStatus, result.HttpStatus);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public async Task Send_InvalidTokenAmongValid_ReturnsInvalidForEveryTokenNamingTheFieldAndSendsNothing()
    {
        var before = fixture.Simulator.Records.Count;
        var notification = Alert(GatewayFixture.TokenApp, "bad", [GatewayFixture.NewToken(), "not-hex"]);

        var response = await fixture.Client.SendAsync(new SendRequest { Notification = notification }).ResponseAsync.WaitAsync(TestTimeouts.Default);

        Assert.Equal(2, response.Results.Count);
        Assert.All(response.Results, result =>
        {
            Assert.Equal(DeliveryStatus.Invalid, result.Status);
            Assert.Contains("device_tokens[1]", result.Message, StringComparison.Ordinal);
            Assert.Equal(0, result.Attempts);
        });
        Assert.Equal(before, fixture.Simulator.Records.Count);
    }

    [Fact]
    public async Task Send_UnknownApp_ReturnsInvalidNamingTheApp()
    {
        var result = Assert.Single((await SendAsync("no-such-app", "x", [GatewayFixture.NewToken()])).Results);

        Assert.Equal(DeliveryStatus.Invalid, result.Status);
        Assert.Contains("app", result.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-app", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WithoutNotification_FailsWithInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Client.SendAsync(new SendRequest()).ResponseAsync.WaitAsync(TestTimeouts.Default));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("notification", error.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<SendResponse> SendAsync(string app, string id, string[] tokens) =>
        await fixture.Client.SendAsync(new SendRequest { Notification = Alert(app, id, tokens) }).ResponseAsync.WaitAsync(TestTimeouts.Default);

    internal static Notification Alert(string app, string id, IEnumerable<string> tokens) => new()
    {
        Id = id,
        App = app,
        DeviceTokens = { tokens },
        Aps = new Aps { Alert = new Alert { Title = "Hi", Body = "there" } },
    };
}
