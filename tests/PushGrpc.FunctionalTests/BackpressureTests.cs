using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>
/// A gateway whose token app has one connection of <see cref="Streams"/> streams, so its pool may have
/// <see cref="Bound"/> sends started (4 on the wire, one more waiting for a stream), against a simulator whose clock
/// the tests hold: while <see cref="HoldAnswers"/> is in force no answer comes until the test moves that clock on, so
/// what the gateway has read and started can be looked at while it waits, with no timing assumption.
/// </summary>
public sealed class BackpressureFixture : GatewayFixture
{
    public const int Streams = 4;
    public const int Bound = 5;

    private readonly FakeTimeProvider _simulatorClock = new(DateTimeOffset.UtcNow);

    protected override TimeProvider SimulatorTime => _simulatorClock;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new($"PushGrpc:Apps:{TokenApp}:PoolSize", "1"),
        new($"PushGrpc:Apps:{TokenApp}:MaxStreamsPerConnection", Streams.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        // Answers are held as long as a test needs, however slow the machine: no request may time out meanwhile.
        new($"PushGrpc:Apps:{TokenApp}:RequestTimeout", "00:05:00"),
    ];

    /// <summary>Sends started on the token app's pool and not yet answered (the pool gauge).</summary>
    public long PoolInFlight => GatewayGauge.Read(Gateway, "pushgrpc.dispatch.pool.in_flight", TokenApp);

    /// <summary>Results outstanding on open SendStreams: notifications read and not yet answered back.</summary>
    public long StreamInFlight => GatewayGauge.Read(Gateway, "pushgrpc.sendstream.in_flight");

    /// <summary>Every answer waits for the simulator's clock until the handle is disposed.</summary>
    public FaultHandle HoldAnswers() =>
        Simulator.Faults.Add(new FaultRule(FaultKind.SlowAnswer) { Delay = TimeSpan.FromSeconds(1) });

    /// <summary>Lets the held answers out, step by step, until <paramref name="done"/>.</summary>
    public async Task ReleaseAnswersUntilAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out releasing answers until {what}");
            Assert.InRange(PoolInFlight, 0, Bound);
            _simulatorClock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the pool is full and the one stream open has stopped being read at the bound.</summary>
    public Task WaitUntilReadingStopsAsync() =>
        WaitUntilAsync(() => PoolInFlight == Bound && StreamInFlight >= Bound + 1, "the pool is full and reading has stopped");

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(10);
        }
    }

    public static List<Notification> Notifications(string prefix, int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => SendTests.Alert(TokenApp, $"{prefix}-{i}",
            i % 4 == 0 ? [NewToken(), NewToken(), NewToken()] : [NewToken()])),
    ];
}

/// <summary>
/// Backpressure from an app's APNs pool: while the pool has all the sends it may have started, the gateway stops
/// reading SendStreams for that app, so what callers have not yet had read waits in HTTP/2 flow control.
/// </summary>
public sealed class BackpressureTests(BackpressureFixture fixture) : IClassFixture<BackpressureFixture>, IDisposable
{
    private const int Bound = BackpressureFixture.Bound;

    public void Dispose() => fixture.Simulator.Faults.Clear();

    [Fact]
    public async Task SendStream_FarMoreThanThePoolTakes_StopsReadingAtTheBoundAndAnswersEveryTokenOnce()
    {
        var notifications = BackpressureFixture.Notifications("many", 60);
        var tokens = notifications.SelectMany(n => n.DeviceTokens).ToHashSet();
        using var held = fixture.HoldAnswers();
        using var stream = new CollectingStream(fixture.Client);

        await stream.WriteAllAsync(notifications, complete: true);
        await fixture.WaitUntilReadingStopsAsync();

        // Every send the pool may have is started, no more; the reader holds one notification more, waiting for room.
        Assert.Equal(Bound + 1, fixture.StreamInFlight);

        await fixture.ReleaseAnswersUntilAsync(() => stream.Reading.IsCompleted, "the call ends");
        await stream.Reading;

        var results = stream.Results.ToList();
        Assert.Equal(tokens.Count, results.Count);
        Assert.All(results, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        Assert.Equal(tokens.Order(), results.Select(r => r.DeviceToken).Order());
        Assert.Equal(tokens.Count, fixture.Simulator.Records.Count(r => tokens.Contains(r.DeviceToken!)));
        Assert.InRange(fixture.Simulator.MaxConcurrencySeen, 1, BackpressureFixture.Streams);
        Assert.Equal(0, fixture.PoolInFlight);
        Assert.Empty(fixture.ErrorLogs);
    }

    [Fact]
    public async Task SendStream_CallerCancelsWhileWaitingForThePool_EveryUnitComesBackForTheNextCall()
    {
        using var held = fixture.HoldAnswers();
        var cancelled = BackpressureFixture.Notifications("cancelled", 60);
        var cancelledTokens = cancelled.SelectMany(n => n.DeviceTokens).ToHashSet();
        using (var stream = new CollectingStream(fixture.Client))
        {
            await stream.WriteAllAsync(cancelled, complete: false);
            await fixture.WaitUntilReadingStopsAsync();

            stream.Cancel();

            // The reader wakes and gives up the notification it could not start: its result (not written, the caller
            // is gone) frees its slot. Only then are answers let out, so no unit could have reached it.
            await BackpressureFixture.WaitUntilAsync(() => fixture.StreamInFlight <= Bound, "the waiting reader gives up");
            await fixture.ReleaseAnswersUntilAsync(() => fixture.PoolInFlight == 0 && fixture.StreamInFlight == 0, "the sends started have their answers");
        }

        Assert.Equal(Bound, fixture.Simulator.Records.Count(r => cancelledTokens.Contains(r.DeviceToken!)));

        // Nothing leaked: the next call gets the whole bound before it is stopped, and everything through.
        var next = BackpressureFixture.Notifications("next", 30);
        using (var stream = new CollectingStream(fixture.Client))
        {
            await stream.WriteAllAsync(next, complete: true);
            await fixture.WaitUntilReadingStopsAsync();
            Assert.Equal(Bound + 1, fixture.StreamInFlight);

            await fixture.ReleaseAnswersUntilAsync(() => stream.Reading.IsCompleted, "the call ends");
            await stream.Reading;
            Assert.Equal(next.Sum(n => n.DeviceTokens.Count), stream.Results.Count);
            Assert.All(stream.Results, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        }

        Assert.Equal(0, fixture.PoolInFlight);
        Assert.Empty(fixture.ErrorLogs);
    }
}

/// <summary>Gateway shutdown while a SendStream's reader waits for room in the pool.</summary>
public sealed class BackpressureShutdownTests(BackpressureFixture fixture) : IClassFixture<BackpressureFixture>
{
    [Fact]
    public async Task Shutdown_WhileWaitingForThePool_AnswersEveryTokenWrittenAndEndsUnavailable()
    {
        var notifications = BackpressureFixture.Notifications("shutdown", 60);
        using var held = fixture.HoldAnswers();
        using var stream = new CollectingStream(fixture.Client);
        await stream.WriteAllAsync(notifications, complete: true);
        await fixture.WaitUntilReadingStopsAsync();
        var read = fixture.StreamInFlight;

        var stopping = fixture.Gateway.StopAsync();

        // The waiting reader wakes at once; the sends started finish once answered, and the call then ends.
        await fixture.ReleaseAnswersUntilAsync(() => stream.Reading.IsCompleted, "the call ends");
        var error = await Assert.ThrowsAsync<RpcException>(() => stream.Reading);
        await stopping.WaitAsync(TestTimeouts.Default);

        // The sends under way are answered; the token that waited for room and everything read after the stop (the
        // caller had written and half-closed) are not sent and say so: every token written has exactly one result.
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        var results = stream.Results.ToList();
        Assert.Equal(notifications.Sum(n => n.DeviceTokens.Count), results.Count);
        Assert.Equal(results.Count, results.Select(r => r.DeviceToken).Distinct().Count());
        var accepted = results.Where(r => r.Status == DeliveryStatus.Accepted).ToList();
        Assert.Equal(BackpressureFixture.Bound, accepted.Count);
        Assert.Equal(BackpressureFixture.Bound + 1, read);
        Assert.All(results.Where(r => r.Status != DeliveryStatus.Accepted), notSent =>
        {
            Assert.Equal(DeliveryStatus.Failed, notSent.Status);
            Assert.Contains("shutting down", notSent.Message, StringComparison.Ordinal);
        });
        Assert.Equal(accepted.Select(r => r.ApnsId).Order(), fixture.Simulator.Records.Select(r => r.ApnsId).Order());
        Assert.Empty(fixture.ErrorLogs);
    }
}
