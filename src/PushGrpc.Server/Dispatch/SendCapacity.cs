namespace PushGrpc.Server.Dispatch;

/// <summary>
/// A bound on sends started and not yet answered. Readers take a unit before they start a send, so when the bound is
/// reached the gateway stops reading and a caller's further notifications wait as bytes under HTTP/2 flow control,
/// not as objects inside the gateway. Each APNs client has one (<see cref="ForPool"/>); the gateway has one more for
/// PushGrpc:Dispatch:MaxInFlightGlobal.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore's wait handle is never created; a send may still be giving its unit back after the client is closed, so it is never disposed.")]
internal sealed class SendCapacity
{
    private readonly SemaphoreSlim _units;

    public SendCapacity(int limit)
    {
        Limit = limit;
        _units = new SemaphoreSlim(limit, limit);
    }

    public int Limit { get; }

    /// <summary>Units taken now.</summary>
    public int InFlight => Limit - _units.CurrentCount;

    /// <summary>
    /// The bound for one APNs connection pool: what its connections may carry at once (PoolSize x
    /// MaxStreamsPerConnection) plus, per connection, a quarter of that many (at least one) already in the pool's
    /// line, so a stream freed by an answer is taken at once instead of after the next notification is read.
    /// </summary>
    public static SendCapacity ForPool(int poolSize, int maxStreamsPerConnection) =>
        new(poolSize * (maxStreamsPerConnection + QueuePerConnection(maxStreamsPerConnection)));

    /// <summary>
    /// Takes a unit. One that is free is taken at once, whatever <paramref name="stopWaiting"/> says; otherwise this
    /// waits for one and throws <see cref="OperationCanceledException"/>, having taken nothing, if
    /// <paramref name="stopWaiting"/> fires first.
    /// </summary>
    public ValueTask WaitAsync(CancellationToken stopWaiting) =>
        _units.Wait(0, CancellationToken.None) ? ValueTask.CompletedTask : new ValueTask(_units.WaitAsync(stopWaiting));

    /// <summary>Gives a unit back; the longest waiter gets it.</summary>
    public void Release() => _units.Release();

    private static int QueuePerConnection(int maxStreamsPerConnection) => (maxStreamsPerConnection + 3) / 4;
}
