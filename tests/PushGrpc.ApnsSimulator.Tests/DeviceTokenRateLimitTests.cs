namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>
/// ApnsSimulatorOptions.DeviceTokenRateLimit over real HTTP/2: APNs's 429 TooManyRequests for "too many requests made
/// consecutively to the same device token", per token and per window.
/// </summary>
public sealed class DeviceTokenRateLimitTests(RateLimitedSimulatorFixture fixture) : SimulatorTests<RateLimitedSimulatorFixture>(fixture)
{
    private const int Limit = RateLimitedSimulatorFixture.Limit;

    [Fact]
    public async Task SameToken_OneOverLimit_TooManyRequestsAnsweredLikeMagicToken()
    {
        var token = SimulatorFixture.RandomToken();
        var statuses = await PushAsync(token, Limit);

        var over = await Fixture.SendAsync(Fixture.Push(token));
        var magic = await Fixture.SendAsync(Fixture.Push(MagicTokens.TooManyRequests));

        Assert.All(statuses, status => Assert.Equal(200, status));
        Assert.Equal((429, "TooManyRequests"), (over.Status, over.Reason));
        Assert.Equal((magic.Status, magic.Body, magic.ContentType, magic.UniqueId), (over.Status, over.Body, over.ContentType, over.UniqueId));
        var record = Fixture.RecordOf(over.ApnsId);
        Assert.Equal((429, "TooManyRequests", null, token), (record.Status, record.Reason, record.Fault, record.DeviceToken));
    }

    [Fact]
    public async Task OtherToken_WhileOneIsLimited_Accepted()
    {
        var limited = SimulatorFixture.RandomToken();
        await PushAsync(limited, Limit + 1);

        var answer = await Fixture.SendAsync(Fixture.Push(SimulatorFixture.RandomToken()));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task SameToken_AfterWindow_AcceptedAgain()
    {
        var token = SimulatorFixture.RandomToken();
        await PushAsync(token, Limit);
        var before = await Fixture.SendAsync(Fixture.Push(token));

        Fixture.Time.Advance(RateLimitedSimulatorFixture.Window);
        var after = await PushAsync(token, Limit + 1);

        Assert.Equal(429, before.Status);
        Assert.Equal([200, 200, 200, 429], after);
    }

    [Fact]
    public async Task UpperCaseSpelling_SameToken_CountsTogether()
    {
        var token = SimulatorFixture.RandomToken();
        await PushAsync(token, Limit);

        var answer = await Fixture.SendAsync(Fixture.Push(token.ToUpperInvariant()));

        Assert.Equal(429, answer.Status);
    }

    [Fact]
    public async Task RejectedPushes_SameToken_NotCounted()
    {
        var token = SimulatorFixture.RandomToken();
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(400, (await Fixture.SendAsync(Fixture.Push(token, topic: null))).Status);
        }

        Fixture.Simulator.UnregisterDeviceToken(token, Fixture.Time.GetUtcNow());
        Assert.Equal(410, (await Fixture.SendAsync(Fixture.Push(token))).Status);
        Fixture.Simulator.RegisterDeviceToken(token, SimulatorFixture.BundleId);

        Assert.Equal([200, 200, 200, 429], await PushAsync(token, Limit + 1));
    }

    [Fact]
    public async Task FaultInForce_OverLimit_FaultAnswers()
    {
        var token = SimulatorFixture.RandomToken();
        await PushAsync(token, Limit);

        using (Fixture.Simulator.Faults.Add(new FaultRule(FaultKind.ServiceUnavailable) { Count = 1 }))
        {
            var answer = await Fixture.SendAsync(Fixture.Push(token));

            Assert.Equal((503, "ServiceUnavailable"), (answer.Status, answer.Reason));
        }
    }

    [Fact]
    public async Task SameToken_ConcurrentPushes_ExactlyLimitAccepted()
    {
        var token = SimulatorFixture.RandomToken();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Fixture.SendAsync(Fixture.Push(token))));

        Assert.Equal(Limit, answers.Count(a => a.Status == 200));
        Assert.Equal(20 - Limit, answers.Count(a => (a.Status, a.Reason) == (429, "TooManyRequests")));
    }

    [Fact]
    public async Task StartAsync_LimitBelowOneOrNoWindow_Refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => ApnsSimulator.StartAsync(new ApnsSimulatorOptions { DeviceTokenRateLimit = 0 }).Timeout());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => ApnsSimulator.StartAsync(new ApnsSimulatorOptions { DeviceTokenRateLimit = 5, DeviceTokenRateWindow = TimeSpan.Zero }).Timeout());
    }

    private async Task<List<int>> PushAsync(string token, int count)
    {
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add((await Fixture.SendAsync(Fixture.Push(token))).Status);
        }

        return statuses;
    }
}
