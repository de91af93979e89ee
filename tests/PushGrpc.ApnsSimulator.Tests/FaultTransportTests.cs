using System.Net.Http;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>
/// Faults that take the answer away (GOAWAY, reset, refused streams, slow and missing answers, refused connections),
/// as a real HttpClient (SocketsHttpHandler) sees them, cross-checked against the simulator's records.
/// </summary>
public sealed class FaultTransportTests(SimulatorFixture fixture) : FaultTestBase(fixture)
{
    private const string SlowPrefix = "aaaa";
    private const string TriggerPrefix = "bbbb";

    [Fact]
    public async Task RefusedStream_Once_SocketsHttpHandlerResendsAndItIsAcceptedOnce()
    {
        Faults.Add(new FaultRule(FaultKind.RefusedStream) { Count = 1 });
        var (request, apnsId) = PushWithId();

        var answer = await Fixture.SendAsync(request);

        // SocketsHttpHandler treats REFUSED_STREAM as "not processed" and sends the request again, even a POST.
        Assert.Equal(200, answer.Status);
        var records = RecordsOf(apnsId);
        Assert.Equal(2, records.Count);
        Assert.Equal((0, FaultKind.RefusedStream, false), (records[0].Status, records[0].Fault, records[0].Processed));
        Assert.True(records[1].Accepted);
        Assert.Equal(1, Injected(FaultKind.RefusedStream));
    }

    [Fact]
    public async Task RefusedStream_Always_ClientSeesRefusedStreamAfterItsRetries()
    {
        Faults.Add(new FaultRule(FaultKind.RefusedStream));
        var (request, apnsId) = PushWithId();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Fixture.SendAsync(request));

        Assert.Equal(HttpRequestError.HttpProtocolError, error.HttpRequestError);
        Assert.Equal(7, Assert.IsType<HttpProtocolException>(error.InnerException).ErrorCode);
        var records = RecordsOf(apnsId);
        Assert.True(records.Count >= 2);
        Assert.All(records, r => Assert.Equal((0, FaultKind.RefusedStream, false), (r.Status, r.Fault, r.Processed)));
        Assert.Equal(records.Count, Injected(FaultKind.RefusedStream));
    }

    [Fact]
    public async Task GoAway_StreamsInFlight_UnprocessedThenResentByTheClientOnANewConnection()
    {
        var client = Fixture.CreateClient();
        var firstConnection = await WarmUpAsync(client);
        Faults.Add(new FaultRule(FaultKind.SlowAnswer) { Delay = TimeSpan.FromHours(1), DeviceTokenPrefix = SlowPrefix, Count = 2 });
        Faults.Add(new FaultRule(FaultKind.GoAway) { DeviceTokenPrefix = TriggerPrefix, Count = 1 });

        var slow = Enumerable.Range(0, 2).Select(_ => PushWithId(TokenWithPrefix(SlowPrefix))).ToList();
        var slowSends = slow.Select(push => SimulatorFixture.SendAsync(client, push.Request)).ToList();
        await WaitUntilAsync(() => Fixture.Simulator.ActiveRequests(firstConnection) == 2);
        var trigger = PushWithId(TokenWithPrefix(TriggerPrefix));
        var answers = await Task.WhenAll([.. slowSends, SimulatorFixture.SendAsync(client, trigger.Request)]).Timeout();

        // Every stream was above the GOAWAY's last-stream-id, so SocketsHttpHandler sent them again itself.
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        foreach (var apnsId in slow.Select(p => p.ApnsId).Append(trigger.ApnsId))
        {
            var records = RecordsOf(apnsId);
            Assert.Equal(2, records.Count);
            Assert.Equal((firstConnection, 0, FaultKind.GoAway, false), (records[0].ConnectionId, records[0].Status, records[0].Fault, records[0].Processed));
            Assert.NotEqual(firstConnection, records[1].ConnectionId);
            Assert.True(records[1].Accepted);
        }

        Assert.Equal(1, Injected(FaultKind.GoAway));
    }

    [Fact]
    public async Task GoAway_MidBurstOfConcurrentPushes_EveryPushAcceptedExactlyOnce()
    {
        var client = Fixture.CreateClient();
        await WarmUpAsync(client);
        Faults.Add(new FaultRule(FaultKind.GoAway) { DeviceTokenPrefix = TriggerPrefix, Count = 1 });

        var pushes = Enumerable.Range(0, 100).Select(i => PushWithId(i == 30 ? TokenWithPrefix(TriggerPrefix) : null)).ToList();
        var answers = await Task.WhenAll(pushes.Select(p => SimulatorFixture.SendAsync(client, p.Request))).Timeout();

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        var byId = Fixture.Simulator.Records.ToLookup(r => r.ApnsId);
        Assert.All(pushes, p =>
        {
            Assert.Single(byId[p.ApnsId], r => r.Accepted);
            Assert.All(byId[p.ApnsId].Where(r => !r.Accepted), r => Assert.Equal((0, FaultKind.GoAway, false), (r.Status, r.Fault, r.Processed)));
        });
        Assert.Equal(1, Injected(FaultKind.GoAway));
    }

    [Fact]
    public async Task ConnectionReset_StreamsInFlight_ClientFailsAndNextPushReconnects()
    {
        var client = Fixture.CreateClient();
        var firstConnection = await WarmUpAsync(client);
        Faults.Add(new FaultRule(FaultKind.SlowAnswer) { Delay = TimeSpan.FromHours(1), DeviceTokenPrefix = SlowPrefix, Count = 1 });
        Faults.Add(new FaultRule(FaultKind.ConnectionReset) { DeviceTokenPrefix = TriggerPrefix, Count = 1 });

        var slow = PushWithId(TokenWithPrefix(SlowPrefix));
        var slowSend = SimulatorFixture.SendAsync(client, slow.Request);
        await WaitUntilAsync(() => Fixture.Simulator.ActiveRequests(firstConnection) == 1);
        var trigger = PushWithId(TokenWithPrefix(TriggerPrefix));
        var triggerSend = SimulatorFixture.SendAsync(client, trigger.Request);

        // The client cannot know whether these were processed: SocketsHttpHandler does not resend them.
        await Assert.ThrowsAsync<HttpRequestException>(() => slowSend);
        await Assert.ThrowsAsync<HttpRequestException>(() => triggerSend);
        var next = await SimulatorFixture.SendAsync(client, Fixture.Push());

        Assert.Equal(200, next.Status);
        foreach (var apnsId in new[] { slow.ApnsId, trigger.ApnsId })
        {
            var record = Assert.Single(RecordsOf(apnsId));
            Assert.Equal((0, FaultKind.ConnectionReset, true), (record.Status, record.Fault, record.Processed));
        }

        Assert.Equal(1, Injected(FaultKind.ConnectionReset));
        Assert.Equal(2, Fixture.Simulator.Records.Select(r => r.ConnectionId).Distinct().Count());
    }

    [Fact]
    public async Task SlowAnswer_Push_AnsweredOnlyAfterTheDelay()
    {
        Faults.Add(new FaultRule(FaultKind.SlowAnswer) { Delay = TimeSpan.FromMinutes(5) });
        var (request, apnsId) = PushWithId();

        var send = Fixture.SendAsync(request);
        await Task.Delay(200);
        Assert.False(send.IsCompleted);
        while (!send.IsCompleted)
        {
            // The simulator's clock is fake: advance it until the delay (started at some point) has run out.
            Fixture.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAny(send, Task.Delay(20));
        }

        Assert.Equal(200, (await send).Status);
        var record = Assert.Single(RecordsOf(apnsId));
        Assert.Equal((200, FaultKind.SlowAnswer), (record.Status, record.Fault));
    }

    [Fact]
    public async Task SlowAnswer_ClientGivesUp_RecordedReceivedWithoutAnswer()
    {
        Faults.Add(new FaultRule(FaultKind.SlowAnswer) { Delay = TimeSpan.FromHours(1) });
        var (request, apnsId) = PushWithId();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Fixture.Client.SendAsync(request, giveUp.Token));

        await WaitUntilAsync(() => RecordsOf(apnsId).Count == 1);
        var record = RecordsOf(apnsId).Single();
        Assert.Equal((0, FaultKind.SlowAnswer, true), (record.Status, record.Fault, record.Processed));
    }

    [Fact]
    public async Task NoAnswer_ClientGivesUp_RecordedReceivedWithoutAnswer()
    {
        Faults.Add(new FaultRule(FaultKind.NoAnswer) { Count = 1 });
        var (request, apnsId) = PushWithId();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Fixture.Client.SendAsync(request, giveUp.Token));
        var next = await Fixture.SendAsync(Fixture.Push());

        Assert.Equal(200, next.Status);
        var record = Assert.Single(RecordsOf(apnsId));
        Assert.Equal((0, FaultKind.NoAnswer, true, false), (record.Status, record.Fault, record.Processed, record.Answered));
        Assert.Equal(1, Injected(FaultKind.NoAnswer));
    }

    [Fact]
    public async Task RefuseConnections_ForAWhile_ConnectionsFailUntilTheWindowEnds()
    {
        var handle = Faults.Add(new FaultRule(FaultKind.RefuseConnections) { Delay = TimeSpan.FromMinutes(1) });

        await Assert.ThrowsAsync<HttpRequestException>(() => SimulatorFixture.SendAsync(Fixture.CreateClient(), Fixture.Push()));
        await Assert.ThrowsAsync<HttpRequestException>(() => SimulatorFixture.SendAsync(Fixture.CreateClient(), Fixture.Push()));
        Fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var answer = await SimulatorFixture.SendAsync(Fixture.CreateClient(), Fixture.Push());

        Assert.Equal(200, answer.Status);
        Assert.True(handle.IsRemoved);
        Assert.Equal(2, Injected(FaultKind.RefuseConnections));
        Assert.Single(Fixture.Simulator.Records); // refused connections carried no request
    }

    [Fact]
    public async Task RefuseConnections_CountOne_OnlyTheFirstConnectionRefused()
    {
        Faults.Add(new FaultRule(FaultKind.RefuseConnections) { Count = 1 });
        var client = Fixture.CreateClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => SimulatorFixture.SendAsync(client, Fixture.Push()));
        var answer = await SimulatorFixture.SendAsync(client, Fixture.Push());

        Assert.Equal(200, answer.Status);
        Assert.Equal(1, Injected(FaultKind.RefuseConnections));
    }

    [Fact]
    public async Task RefuseConnections_ExistingConnection_KeepsWorking()
    {
        var client = Fixture.CreateClient();
        await WarmUpAsync(client);
        Faults.Add(new FaultRule(FaultKind.RefuseConnections));

        var answer = await SimulatorFixture.SendAsync(client, Fixture.Push());

        Assert.Equal(200, answer.Status);
        Assert.Equal(0, Injected(FaultKind.RefuseConnections));
    }

    [Fact]
    public async Task OneStreamUntilFirstAcceptedPush_PushGrpcApnsBurstOnNewConnections_NoStreamRefused()
    {
        Faults.Add(new FaultRule(FaultKind.OneStreamUntilFirstAcceptedPush));
        await using var client = new ApnsClient(new ApnsClientOptions
        {
            Credential = ApnsTokenCredential.FromP8(SimulatorFixture.TeamId, SimulatorFixture.KeyId, Fixture.SigningKey.ExportPkcs8PrivateKeyPem()),
            BaseAddress = Fixture.Simulator.BaseAddress,
            TrustedCaCertificate = Fixture.Simulator.CaCertificate,
            TimeProvider = Fixture.Time,
            PoolSize = 2,
        });
        var notification = new ApnsNotification(SimulatorFixture.BundleId, ApnsPushType.Alert, "{\"aps\":{\"alert\":\"hi\"}}"u8.ToArray());

        // 50 at once on two new connections that allow one stream each until a push is accepted: the library waits
        // for the server's SETTINGS and keeps to them, so APNs never has to refuse a stream.
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.SendAsync(notification, SimulatorFixture.RandomToken()))).Timeout();

        Assert.All(answers, a => Assert.Equal(ApnsOutcome.Accepted, a.Outcome));
        Assert.Equal(2, Injected(FaultKind.OneStreamUntilFirstAcceptedPush));
        Assert.DoesNotContain(Fixture.Simulator.Records, r => r.Fault == FaultKind.OneStreamUntilFirstAcceptedPush);
        Assert.Equal(50, Fixture.Simulator.Records.Count);
    }
}

/// <summary>A simulator of its own per test: disposing it while a request waits for an answer that never comes.</summary>
public sealed class FaultDisposalTests
{
    [Fact]
    public async Task NoAnswer_SimulatorDisposed_DisposalQuickAndClientFails()
    {
        var fixture = new SimulatorFixture();
        await fixture.InitializeAsync();
        try
        {
            fixture.Simulator.Faults.Add(new FaultRule(FaultKind.NoAnswer));
            var send = fixture.SendAsync(fixture.Push());
            await WaitForRecordAsync(fixture.Simulator);

            var watch = System.Diagnostics.Stopwatch.StartNew();
            await fixture.Simulator.DisposeAsync().AsTask().Timeout();

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"Disposal took {watch.Elapsed}.");
            await Assert.ThrowsAsync<HttpRequestException>(() => send);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private static async Task WaitForRecordAsync(ApnsSimulator simulator)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (simulator.Records.Count == 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
