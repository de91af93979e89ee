using System.Diagnostics;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.Server.Tests.Dispatch;

public sealed class LatencyLimitTests
{
    private static readonly long Millisecond = Stopwatch.Frequency / 1000;

    // A clock of its own, moved one millisecond per window, so the relearning interval is reached only when a test says so.
    private long _now = Stopwatch.GetTimestamp();

    [Fact]
    public void StartsAtTheFloor()
    {
        Assert.Equal(250, new LatencyLimit(250, 2500).Current);
    }

    [Fact]
    public void LatencyFlatWhateverIsInFlight_GrowsToTheCeiling()
    {
        // A long path (APNs far away): more sends at once do not make any of them slower.
        var limit = new LatencyLimit(250, 2500);

        Run(limit, windows: 200, _ => 50 * Millisecond);

        Assert.Equal(2500, limit.Current);
    }

    [Fact]
    public void LatencyFlatButJittery_StillGrowsToTheCeiling()
    {
        // Window means 8% either side of 50 ms, whatever is in flight: jitter, not a queue.
        var limit = new LatencyLimit(250, 2500);
        var window = 0;

        Run(limit, windows: 400, _ => 50 * Millisecond * (window++ / LatencyLimit.WindowSize % 2 == 0 ? 108 : 92) / 100);

        Assert.Equal(2500, limit.Current);
    }

    [Fact]
    public void LatencyGrowingWithWhatIsInFlight_StaysNearTheFloor()
    {
        // A short path that is busy (the simulator on loopback): every send beyond the floor only waits longer.
        var limit = new LatencyLimit(250, 2500);

        Run(limit, windows: 2_000, inFlight => inFlight * Millisecond / 50);

        Assert.InRange(limit.Current, 250, 400);
    }

    [Fact]
    public void PathGetsBusy_LimitComesDownWithinAFewDozenWindows()
    {
        var limit = new LatencyLimit(250, 2500);
        Run(limit, windows: 200, _ => 50 * Millisecond);
        Assert.Equal(2500, limit.Current);

        // From now on sends queue: latency grows with the number under way.
        Run(limit, windows: 40, inFlight => 50 * Millisecond * Math.Max(1, inFlight) / 250);

        Assert.InRange(limit.Current, 250, 400);
    }

    [Fact]
    public void CallersSendFewerThanHalfTheLimit_DoesNotGrow()
    {
        var limit = new LatencyLimit(250, 2500);

        Run(limit, windows: 500, _ => 50 * Millisecond, inFlight: _ => 100);

        Assert.Equal(250, limit.Current);
    }

    [Fact]
    public void AfterTheRelearningInterval_DropsToTheFloorToMeasureThePathAgain()
    {
        // The path got slower for good (50 -> 80 ms) but is not busy: once relearnt, the limit grows back to the top.
        var limit = new LatencyLimit(250, 2500);
        Run(limit, windows: 200, _ => 50 * Millisecond);
        Run(limit, windows: 40, _ => 80 * Millisecond);
        Assert.Equal(250, limit.Current);

        _now += (long)(LatencyLimit.RelearnEvery.TotalSeconds * Stopwatch.Frequency);
        Run(limit, windows: 1, _ => 80 * Millisecond);
        Assert.Equal(250, limit.Current);

        Run(limit, windows: 200, _ => 80 * Millisecond);
        Assert.Equal(2500, limit.Current);
    }

    [Fact]
    public void Record_ReturnsTheNewLimitWhenASampleClosesAWindowThatChangedIt()
    {
        var limit = new LatencyLimit(250, 2500);
        Run(limit, windows: 4, _ => 50 * Millisecond); // learning the unloaded latency, at the floor
        for (var i = 1; i < LatencyLimit.WindowSize; i++)
        {
            Assert.Null(limit.Record(50 * Millisecond, 250, _now));
        }

        var grown = limit.Record(50 * Millisecond, 250, _now);

        Assert.NotNull(grown);
        Assert.True(grown > 250, $"grew to {grown}");
        Assert.Equal(grown, limit.Current);
    }

    /// <summary>
    /// Feeds <paramref name="windows"/> windows of samples, each with the latency <paramref name="latency"/> gives for
    /// the sends in flight (by default, the limit: callers always have more to send).
    /// </summary>
    private void Run(LatencyLimit limit, int windows, Func<int, long> latency, Func<int, int>? inFlight = null)
    {
        for (var w = 0; w < windows; w++)
        {
            var current = inFlight?.Invoke(limit.Current) ?? limit.Current;
            for (var i = 0; i < LatencyLimit.WindowSize; i++)
            {
                limit.Record(latency(current), current, _now);
            }

            _now += Millisecond;
        }
    }
}
