using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>A gateway against a simulator that advertises only 5 concurrent streams per connection.</summary>
public sealed class SmallStreamLimitFixture : GatewayFixture
{
    public const int StreamLimit = 5;

    protected override int SimulatorMaxConcurrentStreams => StreamLimit;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new($"PushGrpc:Apps:{TokenApp}:PoolSize", "2"),
    ];
}

public sealed class StreamLimitTests(SmallStreamLimitFixture fixture) : IClassFixture<SmallStreamLimitFixture>
{
    [Fact]
    public async Task SendStream_SimulatorAdvertisesFiveStreams_NoConnectionEverExceedsIt()
    {
        const int count = 2_000;
        var notifications = Enumerable.Range(0, count)
            .Select(i => SendTests.Alert(GatewayFixture.TokenApp, $"n{i}", [GatewayFixture.NewToken()]));

        var results = await StreamClient.SendAllAsync(fixture.Client, notifications, TestTimeouts.Bulk);

        Assert.Equal(count, results.Count);
        Assert.All(results, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        Assert.InRange(fixture.Simulator.MaxConcurrencySeen, 2, SmallStreamLimitFixture.StreamLimit);
        Assert.All(fixture.Simulator.MaxConcurrencyByConnection.Values, seen => Assert.True(seen <= SmallStreamLimitFixture.StreamLimit));
        Assert.Empty(fixture.ErrorLogs);
    }
}
