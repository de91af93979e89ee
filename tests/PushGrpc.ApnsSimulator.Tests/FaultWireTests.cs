namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>The frames the connection-level faults put on the wire, read with a raw HTTP/2 client.</summary>
public sealed class FaultWireTests(SimulatorFixture fixture) : FaultTestBase(fixture)
{
    private const int MaxConcurrentStreamsSetting = 0x3;
    private const int RefusedStream = 7;

    [Theory]
    [InlineData(null, "Shutdown")]
    [InlineData("IdleTimeout", "IdleTimeout")]
    public async Task GoAway_StreamsInFlight_LastStreamIdBelowThemWithJsonReasonThenClose(string? reason, string expectedReason)
    {
        await using var client = await RawHttp2Client.ConnectAsync(Fixture.Simulator);
        var warmUp = await client.SendPushAsync(Fixture, SimulatorFixture.RandomToken());
        Assert.Equal(200, (await client.NextAsync(f => f.Type == RawHttp2Client.Headers && f.StreamId == warmUp))!.Status);
        var connectionId = Fixture.Simulator.Records.Single().ConnectionId;
        Faults.Add(new FaultRule(FaultKind.SlowAnswer) { Delay = TimeSpan.FromHours(1), DeviceTokenPrefix = "aaaa" });
        Faults.Add(new FaultRule(FaultKind.GoAway) { DeviceTokenPrefix = "bbbb", Reason = reason });

        var slow1 = await client.SendPushAsync(Fixture, TokenWithPrefix("aaaa"));
        var slow2 = await client.SendPushAsync(Fixture, TokenWithPrefix("aaaa"));
        await WaitUntilAsync(() => Fixture.Simulator.ActiveRequests(connectionId) == 2);
        var trigger = await client.SendPushAsync(Fixture, TokenWithPrefix("bbbb"));
        var frames = await client.ReadUntilClosedAsync();

        var goAway = Assert.Single(frames, f => f.Type == RawHttp2Client.GoAway);
        var (lastStreamId, errorCode, debugData) = goAway.GoAwayFields;
        Assert.Equal(warmUp, lastStreamId);
        Assert.True(lastStreamId < slow1);
        Assert.Equal(0, errorCode);
        Assert.Equal($$"""{"reason":"{{expectedReason}}"}""", debugData);
        Assert.Same(goAway, frames[^1]); // nothing of Kestrel's after it, then the close
        Assert.DoesNotContain(frames, f => f.StreamId is var id && (id == slow1 || id == slow2 || id == trigger));
        Assert.True(client.Closed);

        await WaitUntilAsync(() => Fixture.Simulator.Records.Count == 4);
        var unprocessed = Fixture.Simulator.Records.Where(r => r.Fault == FaultKind.GoAway).ToList();
        Assert.Equal(3, unprocessed.Count);
        Assert.All(unprocessed, r => Assert.False(r.Answered || r.Processed));
        Assert.Equal(1, Injected(FaultKind.GoAway));
    }

    [Fact]
    public async Task GoAway_RequestComingInBeforeAnyFaultStillBeingRead_StaysUnansweredAsItsLastStreamIdSays()
    {
        await using var client = await RawHttp2Client.ConnectAsync(Fixture.Simulator);
        var warmUp = await client.SendPushAsync(Fixture, SimulatorFixture.RandomToken());
        Assert.Equal(200, (await client.NextAsync(f => f.Type == RawHttp2Client.Headers && f.StreamId == warmUp))!.Status);
        var connectionId = Fixture.Simulator.Records.Single().ConnectionId;

        // A push comes in while no fault is engaged and waits for its body; then a fault takes the connection away.
        var slowToken = SimulatorFixture.RandomToken();
        var slow = await client.SendHeadersAsync(Fixture, slowToken);
        await WaitUntilAsync(() => Fixture.Simulator.ActiveRequests(connectionId) == 1);
        Faults.Add(new FaultRule(FaultKind.GoAway) { Count = 1 });
        await client.SendPushAsync(Fixture, SimulatorFixture.RandomToken());
        var goAway = await client.NextAsync(f => f.Type == RawHttp2Client.GoAway);
        Assert.True(goAway!.GoAwayFields.LastStreamId < slow);

        // Its body arrives after the GOAWAY said it was not processed: it must not be processed now.
        await client.SendDataAsync(slow);
        await WaitUntilAsync(() => Fixture.Simulator.Records.Any(r => r.DeviceToken == slowToken));
        var record = Assert.Single(Fixture.Simulator.Records, r => r.DeviceToken == slowToken);
        Assert.False(record.Answered || record.Processed);
        Assert.Equal(FaultKind.GoAway, record.Fault);
    }

    [Fact]
    public async Task RefusedStream_Push_RstStreamRefused()
    {
        await using var client = await RawHttp2Client.ConnectAsync(Fixture.Simulator);
        Faults.Add(new FaultRule(FaultKind.RefusedStream) { Count = 1 });

        var refused = await client.SendPushAsync(Fixture, SimulatorFixture.RandomToken());
        var reset = await client.NextAsync(f => f.StreamId == refused && f.Type is RawHttp2Client.RstStream or RawHttp2Client.Headers);
        var next = await client.SendPushAsync(Fixture, SimulatorFixture.RandomToken());
        var answer = await client.NextAsync(f => f.StreamId == next && f.Type == RawHttp2Client.Headers);

        Assert.Equal(RawHttp2Client.RstStream, reset!.Type);
        Assert.Equal(RefusedStream, reset.RstErrorCode);
        Assert.Equal(200, answer!.Status);
    }

    [Fact]
    public async Task StreamLimitDropAfterRejection_RejectionThenSuccess_LimitOneWithExcessRefusedThenRestored()
    {
        await using var client = await RawHttp2Client.ConnectAsync(Fixture.Simulator);
        Faults.Add(new FaultRule(FaultKind.StreamLimitDropAfterRejection));

        // A rejection: SETTINGS_MAX_CONCURRENT_STREAMS=1 comes before its answer.
        var rejected = await client.SendPushAsync(Fixture, MagicTokens.BadDeviceToken);
        var drop = await client.NextAsync(f => (f.Type == RawHttp2Client.Settings && f.Payload.Length > 0) || (f.Type == RawHttp2Client.Headers && f.StreamId == rejected));
        Assert.Equal(RawHttp2Client.Settings, drop!.Type);
        Assert.Equal([(MaxConcurrentStreamsSetting, 1u)], drop.SettingsValues);
        Assert.Equal(400, (await client.NextAsync(f => f.Type == RawHttp2Client.Headers && f.StreamId == rejected))!.Status);
        await OneStreamThenRaisedBySuccessAsync(client);

        var refusedRecord = Assert.Single(Fixture.Simulator.Records, r => r.Fault == FaultKind.StreamLimitDropAfterRejection);
        Assert.False(refusedRecord.Processed);
        Assert.Equal(1, Injected(FaultKind.StreamLimitDropAfterRejection));
        Assert.Equal(3, Fixture.Simulator.Records.Count);
    }

    [Fact]
    public async Task OneStreamUntilFirstAcceptedPush_NewTokenConnection_OneInFirstSettingsExcessRefusedUntilAPushIsAccepted()
    {
        Faults.Add(new FaultRule(FaultKind.OneStreamUntilFirstAcceptedPush));
        await using var client = await RawHttp2Client.ConnectAsync(Fixture.Simulator);

        // The limit is 1 in the server's very first SETTINGS: no moment with a higher one.
        Assert.Contains((MaxConcurrentStreamsSetting, 1u), client.ServerPreface.SettingsValues);
        Assert.Equal(1, Injected(FaultKind.OneStreamUntilFirstAcceptedPush));

        // A rejection does not lift it (APNs: until a request is accepted); a second stream beside an open one is refused.
        var rejected = await client.SendPushAsync(Fixture, MagicTokens.BadDeviceToken);
        Assert.Equal(400, (await client.NextAsync(f => f.Type == RawHttp2Client.Headers && f.StreamId == rejected))!.Status);
        await OneStreamThenRaisedBySuccessAsync(client);

        // Then two streams at once are fine.
        var second = await client.SendHeadersAsync(Fixture, SimulatorFixture.RandomToken());
        var third = await client.SendPushAsync(Fixture, SimulatorFixture.RandomToken());
        await client.SendDataAsync(second);
        var statuses = new Dictionary<int, int>();
        while (statuses.Count < 2)
        {
            var answer = await client.NextAsync(f => f.Type == RawHttp2Client.Headers && (f.StreamId == second || f.StreamId == third));
            statuses[answer!.StreamId] = answer.Status;
        }

        Assert.Equal([200, 200], statuses.Values);

        var refusedRecord = Assert.Single(Fixture.Simulator.Records, r => r.Fault == FaultKind.OneStreamUntilFirstAcceptedPush);
        Assert.False(refusedRecord.Processed);
        Assert.Equal(5, Fixture.Simulator.Records.Count);
    }

    [Fact]
    public async Task OneStreamUntilFirstAcceptedPush_RuleNotActive_ConfiguredLimitFromTheStart()
    {
        await using var client = await RawHttp2Client.ConnectAsync(Fixture.Simulator);

        Assert.Contains((MaxConcurrentStreamsSetting, 1000u), client.ServerPreface.SettingsValues);
        Assert.Equal(0, Injected(FaultKind.OneStreamUntilFirstAcceptedPush));
    }

    /// <summary>
    /// On a connection held at one stream (after a first, rejected push): one stream open (its body held back) is the
    /// limit and a second is refused; the held push's success raises the limit to the configured 1000 before its answer.
    /// </summary>
    private async Task OneStreamThenRaisedBySuccessAsync(RawHttp2Client client)
    {
        var connectionId = Fixture.Simulator.Records.Single().ConnectionId;
        var held = await client.SendHeadersAsync(Fixture, SimulatorFixture.RandomToken());
        await WaitUntilAsync(() => Fixture.Simulator.ActiveRequests(connectionId) == 1);
        var excess = await client.SendPushAsync(Fixture, SimulatorFixture.RandomToken());
        var reset = await client.NextAsync(f => f.StreamId == excess);
        Assert.Equal((RawHttp2Client.RstStream, RefusedStream), (reset!.Type, reset.RstErrorCode));

        await client.SendDataAsync(held);
        var raise = await client.NextAsync(f => (f.Type == RawHttp2Client.Settings && f.Payload.Length > 0) || (f.Type == RawHttp2Client.Headers && f.StreamId == held));
        Assert.Equal(RawHttp2Client.Settings, raise!.Type);
        Assert.Equal([(MaxConcurrentStreamsSetting, 1000u)], raise.SettingsValues);
        Assert.Equal(200, (await client.NextAsync(f => f.Type == RawHttp2Client.Headers && f.StreamId == held))!.Status);
    }
}
