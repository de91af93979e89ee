using System.Collections.Concurrent;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// APNs's "too many requests made consecutively to the same device token" (429 TooManyRequests, apns-reference §9.3;
/// Apple documents no threshold) as a fixed window per token: the first <c>limit</c> pushes of a window pass, the
/// rest of that window do not. Built only when <see cref="ApnsSimulatorOptions.DeviceTokenRateLimit"/> is set, so the
/// request path without it pays one null check. Each token's counter is locked only by pushes to that token. Counters
/// whose window ended are swept out at most once per window, so memory follows the tokens pushed in about the last
/// two windows.
/// </summary>
internal sealed class DeviceTokenRateLimiter
{
    // Hex is case-insensitive: a token spelled in upper case is the same device (as in DeviceTokenRegistry).
    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.OrdinalIgnoreCase);
    private readonly int limit;
    private readonly TimeProvider time;
    private readonly long windowTicks;
    private long nextSweep;

    public DeviceTokenRateLimiter(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        this.limit = limit;
        this.time = time;

        // Timestamps rather than wall-clock time: cheaper, and a FakeTimeProvider advances them too. The clamp keeps
        // huge windows from overflowing "now + window".
        windowTicks = (long)Math.Clamp(window.TotalSeconds * time.TimestampFrequency, 1, long.MaxValue / 4);
        nextSweep = time.GetTimestamp() + windowTicks;
    }

    /// <summary>Tokens with a counter now.</summary>
    public int TrackedTokens => counters.Count;

    /// <summary>Counts a push to <paramref name="deviceToken"/>; false when its window already had the limit.</summary>
    public bool TryAcquire(string deviceToken)
    {
        var now = time.GetTimestamp();
        SweepIfDue(now);
        while (true)
        {
            var counter = counters.GetOrAdd(deviceToken, static (_, start) => new Counter(start), now);
            lock (counter)
            {
                if (counter.Evicted)
                {
                    // A sweep took it out between the lookup and the lock: count on its successor.
                    continue;
                }

                if (now - counter.WindowStart >= windowTicks)
                {
                    counter.WindowStart = now;
                    counter.Count = 0;
                }

                if (counter.Count >= limit)
                {
                    return false;
                }

                counter.Count++;
                return true;
            }
        }
    }

    /// <summary>Once per window, one caller drops the counters whose window has ended (they would start afresh anyway).</summary>
    private void SweepIfDue(long now)
    {
        var due = Volatile.Read(ref nextSweep);
        if (now < due || Interlocked.CompareExchange(ref nextSweep, now + windowTicks, due) != due)
        {
            return;
        }

        foreach (var (token, counter) in counters)
        {
            lock (counter)
            {
                if (now - counter.WindowStart < windowTicks)
                {
                    continue;
                }

                counter.Evicted = true;
            }

            counters.TryRemove(new KeyValuePair<string, Counter>(token, counter));
        }
    }

    private sealed class Counter(long windowStart)
    {
        public long WindowStart { get; set; } = windowStart;

        public int Count { get; set; }

        public bool Evicted { get; set; }
    }
}
