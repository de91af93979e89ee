using System.Diagnostics;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// A bound on sends started and not yet answered. Readers take a unit before they start a send, so when the bound is
/// reached the gateway stops reading and a caller's further notifications wait as bytes under HTTP/2 flow control,
/// not as objects inside the gateway. Each APNs client has one (<see cref="ForPool"/>), whose bound follows the
/// latency of its sends (<see cref="LatencyLimit"/>); the gateway has one more, fixed, for
/// PushGrpc:Dispatch:MaxInFlightGlobal.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore's wait handle is never created; a send may still be giving its unit back after the client is closed, so it is never disposed.")]
internal sealed class SendCapacity
{
    /// <summary>Streams per connection an adaptive bound never goes below: enough to keep a connection busy on a short path.</summary>
    public const int MinStreamsPerConnection = 100;

    private readonly SemaphoreSlim _units;
    private readonly LatencyLimit? _latency;
    private readonly Lock _resizing = new();
    private int _limit;

    // Units to destroy as they come back, when the limit shrank below what was taken.
    private int _debt;

    public SendCapacity(int limit)
        : this(limit, latency: null)
    {
    }

    private SendCapacity(int limit, LatencyLimit? latency)
    {
        _limit = limit;
        _latency = latency;
        // A fixed bound keeps the semaphore's own ceiling, so a release too many fails loudly.
        _units = new SemaphoreSlim(limit, latency is null ? limit : int.MaxValue);
    }

    public int Limit => Volatile.Read(ref _limit);

    /// <summary>The most <see cref="Limit"/> can grow to.</summary>
    public int MaxLimit => _latency?.Max ?? Limit;

    /// <summary>Units taken now.</summary>
    public int InFlight => Math.Max(0, Limit + Volatile.Read(ref _debt) - _units.CurrentCount);

    /// <summary>
    /// The bound for one APNs connection pool, per connection: the streams it has started (from
    /// <see cref="MinStreamsPerConnection"/> up to MaxStreamsPerConnection, as the sends' latency allows) plus a
    /// quarter of that many (at least one) already in the pool's line, so a stream freed by an answer is taken at
    /// once instead of after the next notification is read. With MaxStreamsPerConnection at or below the floor the
    /// bound is fixed.
    /// </summary>
    public static SendCapacity ForPool(int poolSize, int maxStreamsPerConnection)
    {
        var max = poolSize * (maxStreamsPerConnection + QueuePerConnection(maxStreamsPerConnection));
        var floorStreams = Math.Min(MinStreamsPerConnection, maxStreamsPerConnection);
        var min = poolSize * (floorStreams + QueuePerConnection(floorStreams));
        return min == max ? new SendCapacity(max) : new SendCapacity(min, new LatencyLimit(min, max));
    }

    /// <summary>
    /// Takes a unit. One that is free is taken at once, whatever <paramref name="stopWaiting"/> says; otherwise this
    /// waits for one and throws <see cref="OperationCanceledException"/>, having taken nothing, if
    /// <paramref name="stopWaiting"/> fires first.
    /// </summary>
    public ValueTask WaitAsync(CancellationToken stopWaiting) =>
        TryTake() ? ValueTask.CompletedTask : new ValueTask(_units.WaitAsync(stopWaiting));

    /// <summary>Takes a unit if one is free now, without waiting.</summary>
    public bool TryTake() => _units.Wait(0, CancellationToken.None);

    /// <summary>Gives a unit back without a latency sample (the send never started); the longest waiter gets it.</summary>
    public void Release()
    {
        if (!TryPayDebt())
        {
            _units.Release();
        }
    }

    /// <summary>Gives back the unit of a send started at <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp) and now answered.</summary>
    public void Release(long startedAt)
    {
        var now = Stopwatch.GetTimestamp();
        if (_latency?.Record(now - startedAt, InFlight, now) is not null)
        {
            Resize();
        }

        Release();
    }

    private void Resize()
    {
        lock (_resizing)
        {
            // The limit decided last, read under this lock: two decisions applied out of order must not leave the
            // older one in force.
            var limit = _latency!.Current;
            var change = limit - _limit;
            Volatile.Write(ref _limit, limit);
            if (change > 0)
            {
                // Cancel debt first; what is left becomes free units.
                while (change > 0 && TryPayDebt())
                {
                    change--;
                }

                if (change > 0)
                {
                    _units.Release(change);
                }
            }
            else
            {
                // Take away free units; units still taken are destroyed as they come back.
                var excess = -change;
                while (excess > 0 && _units.Wait(0, CancellationToken.None))
                {
                    excess--;
                }

                Interlocked.Add(ref _debt, excess);
            }
        }
    }

    private bool TryPayDebt()
    {
        var debt = Volatile.Read(ref _debt);
        while (debt > 0)
        {
            var seen = Interlocked.CompareExchange(ref _debt, debt - 1, debt);
            if (seen == debt)
            {
                return true;
            }

            debt = seen;
        }

        return false;
    }

    private static int QueuePerConnection(int streamsPerConnection) => (streamsPerConnection + 3) / 4;
}
