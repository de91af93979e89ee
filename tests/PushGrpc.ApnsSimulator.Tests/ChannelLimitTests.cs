namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>
/// The real per-app limit of 10,000 channels (apns-reference §7.1), raced over several connections: the limit check and
/// the insert must be one step. Its own simulator, since it fills an app.
/// </summary>
public sealed class ChannelLimitTests(SimulatorFixture fixture) : SimulatorTests<SimulatorFixture>(fixture)
{
    private const int Limit = 10_000;
    private const int Excess = 20;
    private const int Connections = 4;

    // Enough in flight to race for the last places, few enough that no request waits long in a client queue.
    private const int InFlight = 200;

    // Bounds the wait for a place among those in flight; the run as a whole takes seconds, this only stops a hang.
    private static readonly TimeSpan QueueTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task ConcurrentCreates_OverTheLimit_ExactlyTenThousandMadeThenCannotCreateChannelConfig()
    {
        var clients = Enumerable.Range(0, Connections).Select(_ => Fixture.CreateManagementClient()).ToArray();
        var jwt = Fixture.CreateJwt(); // one token for all: a provider reuses it, and the simulator verifies it once
        using var gate = new SemaphoreSlim(InFlight);
        var creates = Enumerable.Range(0, Limit + Excess).Select(async i =>
        {
            Assert.True(await gate.WaitAsync(QueueTimeout));
            try
            {
                return await BroadcastRequests.SendAsync(clients[i % Connections], Fixture.CreateChannel(jwt: jwt));
            }
            finally
            {
                gate.Release();
            }
        });

        var answers = await Task.WhenAll(creates);

        Assert.Equal(Limit, answers.Count(a => a.Status == 201));
        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal((400, "CannotCreateChannelConfig"), (a.Status, a.Reason)));
        Assert.Equal(Limit, answers.Select(a => a.ChannelId).OfType<string>().Distinct().Count());
        Assert.Equal(Limit, Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId).Count);

        var next = await BroadcastRequests.SendAsync(clients[0], Fixture.CreateChannel(jwt: jwt));
        Assert.Equal((400, "CannotCreateChannelConfig"), (next.Status, next.Reason));
        Assert.Throws<InvalidOperationException>(() => Fixture.Simulator.CreateChannel(SimulatorFixture.BundleId));
        var listed = await BroadcastRequests.SendAsync(clients[1], Fixture.ListChannels(jwt: jwt));
        Assert.Equal(Limit, listed.Channels().Count);

        // A delete frees a place; the limit is per app, so another app is unaffected throughout.
        Assert.Equal(204, (await BroadcastRequests.SendAsync(clients[2], Fixture.DeleteChannel(answers.First(a => a.Status == 201).ChannelId, jwt: jwt))).Status);
        Assert.Equal(201, (await BroadcastRequests.SendAsync(clients[3], Fixture.CreateChannel(jwt: jwt))).Status);
        Assert.NotNull(Fixture.Simulator.CreateChannel("com.example.other"));
    }
}
