using System.Diagnostics;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// Decides how many sends an APNs pool should have started at once, from how long they take (the idea of TCP Vegas
/// and of Netflix's concurrency-limits). While answers come back as fast as at the floor, more sends at once add
/// throughput and the limit grows; when they slow down with the number started, the extra sends only wait in a queue
/// somewhere (APNs, the connection, the CPU), costing memory and latency for nothing, and the limit shrinks. So the
/// limit settles high on a path with a long round trip (APNs far away: every stream is needed) and low on a short one
/// (APNs nearby, or the simulator on loopback), between a floor that keeps connections busy and the bound the pool's
/// connections allow.
/// </summary>
/// <remarks>
/// <para>
/// Samples are taken in windows of <see cref="WindowSize"/> sends. At the end of each, the window's mean time is set
/// against the quickest window mean seen since it was last learnt at the floor (<c>quickest</c>): <c>queued = limit x (1 - quickest / mean)</c>
/// estimates how many sends are waiting rather than travelling. Below 3 log10(limit) the limit grows by the larger of
/// 2 log10(limit) and a sixteenth; above 6 log10(limit) it shrinks by half the excess (at least log10(limit)), so a
/// limit far too high comes down in a few windows.
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
        var log = Math.Max(1, Math.Log10(limit));
        var queued = limit * (1 - _quickest / mean);
        var next = limit;
        if (queued < 3 * log)
        {
            // Growing only pays when the limit is what holds sends back, not when callers send fewer.
            if (inFlight * 2 >= limit)
            {
                next = limit + Math.Max(2 * log, limit / 16);
            }
        }
        else if (queued > 6 * log)
        {
            next = limit - Math.Max(log, (queued - 6 * log) / 2);
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
