using System.Collections.Concurrent;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// Request timeouts that are reused: a <see cref="CancellationTokenSource"/> armed for the request timeout, handed
/// back when its request got an answer. A new source and timer per request was the largest per-request allocation
/// in PushGrpc's own send path; a source whose timer never fired is reset (<see cref="CancellationTokenSource.TryReset"/>,
/// which also drops every registration left on its token) and armed again by the next request. TryReset does not
/// reset a timer made by another <see cref="TimeProvider"/> (a test's fake clock): those sources are simply disposed
/// and replaced, as before.
/// </summary>
internal sealed class TimeoutPool(TimeSpan timeout, TimeProvider timeProvider)
{
    // Enough for the sends that start while others finish at a steady load; a burst beyond it is not kept.
    private const int MaxKept = 1024;

    private readonly ConcurrentQueue<CancellationTokenSource> _kept = new();
    private int _count;

    /// <summary>A source that cancels itself after the timeout, counted from now.</summary>
    public CancellationTokenSource Rent()
    {
        if (_kept.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _count);
            source.CancelAfter(timeout);
            return source;
        }

        return new CancellationTokenSource(timeout, timeProvider);
    }

    /// <summary>
    /// Takes back a rented source. <paramref name="reusable"/> says that nothing holds its token any more; a source
    /// that fired, or that someone may still be watching, is disposed instead.
    /// </summary>
    public void Return(CancellationTokenSource source, bool reusable)
    {
        if (reusable && source.TryReset())
        {
            if (Interlocked.Increment(ref _count) <= MaxKept)
            {
                _kept.Enqueue(source);
                return;
            }

            Interlocked.Decrement(ref _count);
        }

        source.Dispose();
    }
}
