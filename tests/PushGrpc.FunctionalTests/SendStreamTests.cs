using Grpc.Core;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>SendStream through the real gateway to the real simulator.</summary>
public sealed class SendStreamTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task SendStream_TenThousandWithInvalidItemMidStream_ReturnsInvalidForItAndAcceptsTheRest()
    {
        const int count = 10_000;
        var notifications = Enumerable.Range(0, count)
            .Select(i => SendTests.Alert(GatewayFixture.TokenApp, $"n{i}", [i == count / 2 ? "abc" : GatewayFixture.NewToken()]))
            .ToList();

        var results = await StreamClient.SendAllAsync(fixture.Client, notifications, TestTimeouts.Bulk);

        Assert.Equal(count, results.Count);
        Assert.Equal(count, results.Select(r => r.NotificationId).Distinct().Count());
        var invalid = Assert.Single(results, r => r.Status != DeliveryStatus.Accepted);
        Assert.Equal($"n{count / 2}", invalid.NotificationId);
        Assert.Equal(DeliveryStatus.Invalid, invalid.Status);
        Assert.Contains("device_tokens[0]", invalid.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.ErrorLogs);
    }

    [Fact]
    public async Task SendStream_MixedOutcomesAndMulticast_ReturnsExactlyOneResultPerToken()
    {
        var unregistered = GatewayFixture.NewToken();
        fixture.Simulator.UnregisterDeviceToken(unregistered, DateTimeOffset.UtcNow.AddDays(-2));
        var notifications = new List<Notification>
        {
            SendTests.Alert(GatewayFixture.TokenApp, "multi", [GatewayFixture.NewToken(), GatewayFixture.NewToken(), unregistered]),
            SendTests.Alert(GatewayFixture.P12App, "cert", [GatewayFixture.NewToken()]),
            SendTests.Alert(GatewayFixture.TokenApp, "server-error", [MagicTokens.Create(MagicOutcome.InternalServerError)]),
            SendTests.Alert(GatewayFixture.TokenApp, "no-tokens", []),
            new() { Id = "too-big", App = GatewayFixture.TokenApp, DeviceTokens = { GatewayFixture.NewToken() }, RawPayload = $$"""{"aps":{},"pad":"{{new string('x', 5000)}}"}""" },
        };

        var results = await StreamClient.SendAllAsync(fixture.Client, notifications, TestTimeouts.Default);

        Assert.Equal(7, results.Count);
        Assert.Equal(2, results.Count(r => r.NotificationId == "multi" && r.Status == DeliveryStatus.Accepted));
        var gone = Assert.Single(results, r => r.DeviceToken == unregistered);
        Assert.Equal(DeliveryStatus.Rejected, gone.Status);
        Assert.Equal("Unregistered", gone.Reason);
        Assert.Equal(DeliveryStatus.Accepted, Assert.Single(results, r => r.NotificationId == "cert").Status);
        Assert.Equal(DeliveryStatus.Failed, Assert.Single(results, r => r.NotificationId == "server-error").Status);
        var noTokens = Assert.Single(results, r => r.NotificationId == "no-tokens");
        Assert.Equal(DeliveryStatus.Invalid, noTokens.Status);
        Assert.Contains("device_tokens", noTokens.Message, StringComparison.Ordinal);
        var tooBig = Assert.Single(results, r => r.NotificationId == "too-big");
        Assert.Equal(DeliveryStatus.Invalid, tooBig.Status);
        Assert.Contains("4096", tooBig.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendStream_ItemWithoutNotification_ReturnsInvalidAndContinues()
    {
        using var cancel = new CancellationTokenSource(TestTimeouts.Default);
        using var call = fixture.Client.SendStream(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new SendStreamRequest(), cancel.Token);
        await call.RequestStream.WriteAsync(new SendStreamRequest { Notification = SendTests.Alert(GatewayFixture.TokenApp, "after", [GatewayFixture.NewToken()]) }, cancel.Token);
        await call.RequestStream.CompleteAsync();

        var results = new List<DeliveryResult>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancel.Token))
        {
            results.Add(response.Result);
        }

        Assert.Equal(2, results.Count);
        Assert.Contains(results, r => r.Status == DeliveryStatus.Invalid && r.Message.Contains("notification", StringComparison.Ordinal));
        Assert.Contains(results, r => r.NotificationId == "after" && r.Status == DeliveryStatus.Accepted);
    }

    [Fact]
    public async Task SendStream_HundredThousandNotifications_ReturnsExactlyHundredThousandResults()
    {
        const int count = 100_000;
        var token = GatewayFixture.NewToken();
        var notifications = Enumerable.Range(0, count)
            .Select(i => new Notification
            {
                Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                App = GatewayFixture.TokenApp,
                DeviceTokens = { token },
                Aps = new Aps { Alert = new Alert { Body = "bulk" } },
            });

        var results = await StreamClient.SendAllAsync(fixture.Client, notifications, TestTimeouts.Bulk);

        Assert.Equal(count, results.Count);
        Assert.Equal(count, results.Select(r => r.NotificationId).Distinct().Count());
        Assert.All(results, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
    }
}
