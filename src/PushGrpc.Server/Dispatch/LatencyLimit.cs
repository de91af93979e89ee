using System.Diagnostics;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// Decides how many sends an APNs pool should have started at once, from how long they take (the idea of TCP Vegas
/// and of Netflix's concurrency-limits, Gradient2 in particular). While answers come back about as fast as unloaded,
/// more sends at once add throughput and the limit grows; when they slow down with the number started, the extra
/// sends only wait in a queue somewhere (APNs, the connection, the CPU), costing memory and latency for nothing, and
/// the limit shrinks. So the limit settles high on a path with a long round trip (APNs far away: every stream is
/// needed) and low on a short one (APNs nearby, or the simulator on loopback), between a floor that keeps connections
/// busy and the bound the pool's connections allow.
/// </summary>
/// <remarks>
/// <para>
/// Samples are taken in windows of <see cref="WindowSize"/> sends. At the end of each, the window's mean time is set
/// against the quickest window mean seen since it was last learnt at the floor (<c>quickest</c>). Below 1.1 times
/// that, the limit grows by the larger of 2 log10(limit) and a sixteenth; above 1.5 times, the sends beyond what the
/// path carries are queueing, and the limit is cut in proportion (at most halved) to aim at the middle of that band;
/// in between it holds. A relative band rather than Vegas's absolute queue thresholds, so that the jitter of a long
/// path is not taken for a queue.
/// </para>
/// <para>
/// <c>quickest</c> is learnt at the floor, and learnt again every <see cref="RelearnEvery"/> (like BBR's ProbeRTT):
/// the limit drops to the floor, and once no more than the floor is in flight, a few windows measure the path
/// unloaded. Without that, <c>quickest</c> could only be forgotten by letting it drift up, and on a busy short path
/// the limit would drift up with it.
/// </para>
/// Thread-safe: a sample costs two interlocked adds; the decision takes a lock once a window.
/// </remarks>
internal sealed class LatencyLimit
{
    /// <summary>Sends per window: enough for a stable mean, few enough to react within milliseconds at full speed.</summary>
    public const int WindowSize = 64;

    /// <summary>How often the unloaded latency is measured again.</summary>
    public static readonly TimeSpan RelearnEvery = TimeSpan.FromSeconds(30);

    // Windows measured at the floor, once it is all that is in flight, before the limit may move again.
    private const int LearningWindows = 4;

    // The band of slowdowns (window mean / unloaded) in which the limit holds: wide enough that the jitter of a long
    // path does not read as queueing (TCP Vegas's absolute thresholds are known to starve on such paths).
    private const double GrowBelow = 1.1;
    private const double ShrinkAbove = 1.5;

    private static readonly long RelearnTicks = (long)(RelearnEvery.TotalSeconds * Stopwatch.Frequency);

    private readonly Lock _gate = new();
    private long _windowTicks;
    private long _windowCount;
    private double _limit;
    private double _quickest;
    private int _learning;
    private long _learntAt;

    public LatencyLimit(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(min, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        Min = min;
        Max = max;
        StartLearning(Stopwatch.GetTimestamp());
    }

    public int Min { get; }

    public int Max { get; }

    /// <summary>The limit now; starts at <see cref="Min"/>.</summary>
    public int Current => (int)Volatile.Read(ref _limit);

    /// <summary>
    /// Records one send that took <paramref name="elapsedTicks"/> (<see cref="Stopwatch"/> ticks), answered at
    /// <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp) with <paramref name="inFlight"/> under way. Returns
    /// the new limit when this sample closed a window and the limit changed, else null.
    /// </summary>
    public int? Record(long elapsedTicks, int inFlight, long now)
    {
        Interlocked.Add(ref _windowTicks, elapsedTicks);
        if (Interlocked.Increment(ref _windowCount) < WindowSize)
        {
            return null;
        }

        lock (_gate)
        {
            var count = Interlocked.Exchange(ref _windowCount, 0);
            var ticks = Interlocked.Exchange(ref _windowTicks, 0);
            if (count < WindowSize)
            {
                return null; // another sample closed this window first
            }

            var limit = _limit;
            var next = Decide(limit, (double)ticks / count, inFlight, now);
            Volatile.Write(ref _limit, next);
            return (int)next != (int)limit ? (int)next : null;
        }
    }

    private double Decide(double limit, double mean, int inFlight, long now)
    {
        if (_learning > 0)
        {
            // Sends started above the floor are still coming back slowed by the queue they were in: wait for them.
            if (inFlight <= Min)
            {
                _quickest = Math.Min(_quickest, mean);
                _learning--;
            }

            return Min;
        }

        if (now - _learntAt >= RelearnTicks)
        {
            StartLearning(now);
            return Min;
        }

        // Quicker than anything seen at the floor (it was measured cold, say): that is the unloaded latency now.
        _quickest = Math.Min(_quickest, mean);
        var slowdown = mean / _quickest;
        var next = limit;
        if (slowdown < GrowBelow)
        {
            // Growing only pays when the limit is what holds sends back, not when callers send fewer.
            if (inFlight * 2 >= limit)
            {
                next = limit + Math.Max(2 * Math.Log10(limit), limit / 16);
            }
        }
        else if (slowdown > ShrinkAbove)
        {
            // Queueing makes latency grow with the number under way: aim at the middle of the band in one step.
            next = limit * Math.Max(0.5, (GrowBelow + ShrinkAbove) / 2 / slowdown);
        }

        return Math.Clamp(next, Min, Max);
    }

    private void StartLearning(long now)
    {
        _limit = Min;
        _quickest = double.MaxValue;
        _learning = LearningWindows;
        _learntAt = now;
    }
}
