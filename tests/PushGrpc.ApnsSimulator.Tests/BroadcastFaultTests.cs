namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>
/// Faults on broadcasts and channel management: the device pushes' fault step, answered with apns-request-id; a
/// create or delete changes the channels only when its own answer goes out.
/// </summary>
public sealed class BroadcastFaultTests(SimulatorFixture fixture) : FaultTestBase(fixture)
{
    private HttpClient Management => field ??= Fixture.CreateManagementClient();

    [Fact]
    public async Task ServiceUnavailable_OnCreate_503WithRequestIdAndNoChannel()
    {
        var before = Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId).Count;
        Faults.Add(new FaultRule(FaultKind.ServiceUnavailable) { Count = 1, RetryAfter = 30 });
        var requestId = Guid.NewGuid().ToString();

        using var response = await Management.SendAsync(Fixture.CreateChannel().With("apns-request-id", requestId)).Timeout();
        var answer = await BroadcastAnswer.ReadAsync(response);

        Assert.Equal((503, "ServiceUnavailable", requestId), (answer.Status, answer.Reason, answer.RequestId));
        Assert.Null(answer.ChannelId);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Equal(before, Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId).Count);
        var record = Assert.Single(RecordsOf(requestId));
        Assert.Equal((SimulatorRequestKind.CreateChannel, FaultKind.ServiceUnavailable, null), (record.Kind, record.Fault, record.ChannelId));

        // The burst is spent: the same request now creates the channel.
        Assert.Equal(201, (await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel())).Status);
        Assert.Equal(before + 1, Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId).Count);
    }

    [Fact]
    public async Task InternalServerError_OnDelete_ChannelKept()
    {
        var channel = Fixture.Simulator.CreateChannel(SimulatorFixture.BundleId);
        Faults.Add(new FaultRule(FaultKind.InternalServerError));

        var answer = await BroadcastRequests.SendAsync(Management, Fixture.DeleteChannel(channel));

        Assert.Equal((500, "InternalServerError"), (answer.Status, answer.Reason));
        Assert.Contains(channel, Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId));
    }

    [Fact]
    public async Task TooManyRequests_OnBroadcast_429Recorded()
    {
        var channel = Fixture.Simulator.CreateChannel(SimulatorFixture.BundleId);
        Faults.Add(new FaultRule(FaultKind.TooManyRequests));

        var answer = await BroadcastRequests.SendAsync(Fixture.Client, Fixture.Broadcast(channel));

        Assert.Equal((429, "TooManyRequests"), (answer.Status, answer.Reason));
        Assert.Null(answer.UniqueId);
        var record = Fixture.RecordOf(answer.RequestId);
        Assert.Equal((SimulatorRequestKind.Broadcast, channel, FaultKind.TooManyRequests), (record.Kind, record.ChannelId, record.Fault));
        Assert.Equal(1, Injected(FaultKind.TooManyRequests));
    }

    [Fact]
    public async Task InvalidBroadcast_KeepsItsError_RuleUnspent()
    {
        Faults.Add(new FaultRule(FaultKind.ServiceUnavailable));

        var answer = await BroadcastRequests.SendAsync(Fixture.Client, Fixture.Broadcast(Convert.ToBase64String(new byte[16])));

        Assert.Equal((400, "ChannelNotRegistered"), (answer.Status, answer.Reason));
        Assert.Equal(0, Injected(FaultKind.ServiceUnavailable));
    }

    [Fact]
    public async Task DeviceTokenPrefixRule_NeverHitsBroadcasts()
    {
        var channel = Fixture.Simulator.CreateChannel(SimulatorFixture.BundleId);
        Faults.Add(new FaultRule(FaultKind.ServiceUnavailable) { DeviceTokenPrefix = "a" });

        var answer = await BroadcastRequests.SendAsync(Fixture.Client, Fixture.Broadcast(channel));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task GoAway_OnCreate_UnansweredNotAppliedAndResentOnce()
    {
        var before = Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId).Count;
        Faults.Add(new FaultRule(FaultKind.GoAway) { Count = 1 });
        var requestId = Guid.NewGuid().ToString();

        // SocketsHttpHandler resends a request above GOAWAY's last-stream-id on a new connection by itself.
        var answer = await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel().With("apns-request-id", requestId));

        Assert.Equal(201, answer.Status);
        Assert.Equal(before + 1, Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId).Count);
        var records = RecordsOf(requestId);
        Assert.Equal(2, records.Count);
        Assert.Equal((0, FaultKind.GoAway, false, null), (records[0].Status, records[0].Fault, records[0].Processed, records[0].ChannelId));
        Assert.Equal((201, answer.ChannelId), (records[1].Status, records[1].ChannelId));
    }

    [Fact]
    public async Task RefusedStream_OnBroadcast_ResentByTheClient()
    {
        var channel = Fixture.Simulator.CreateChannel(SimulatorFixture.BundleId);
        Faults.Add(new FaultRule(FaultKind.RefusedStream) { Count = 1 });
        var requestId = Guid.NewGuid().ToString();

        var answer = await BroadcastRequests.SendAsync(Fixture.Client, Fixture.Broadcast(channel, headers: ("apns-request-id", requestId)));

        Assert.Equal(200, answer.Status);
        Assert.Equal([FaultKind.RefusedStream, null], RecordsOf(requestId).Select(r => r.Fault));
    }
}
