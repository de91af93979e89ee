using System.Collections.Concurrent;
using System.Net.Security;
using Microsoft.Extensions.Logging;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// A fixed set of HTTP/2 connections. A request takes a stream slot on the connection with the fewest requests in
/// flight among those below their limit (ties go round-robin). When every connection is full it waits in a FIFO
/// queue until a request finishes, a server raises its stream limit or a connection's reconnect backoff ends.
/// Connections backing off after failed connects get no requests: the others carry the load meanwhile.
/// </summary>
internal sealed class ApnsConnectionPool : IDisposable
{
    private readonly ApnsConnection[] _connections;

    // Each waiter is woken at most once; a woken waiter that loses the race for the slot queues again. Waiters that
    // gave up (timeout) or no longer need waking are completed by themselves and skipped by wakers.
    private readonly ConcurrentQueue<TaskCompletionSource> _waiters = new();
    private readonly TimeProvider _timeProvider;
    private int _next;

    /// <param name="poolSize">Connections; default <see cref="ApnsClientOptions.PoolSize"/> (the channel manager uses 1).</param>
    public ApnsConnectionPool(ApnsClientOptions options, ILogger logger, Action<ApnsReason, string>? credentialGoAway = null, int? poolSize = null)
    {
        _timeProvider = options.TimeProvider;
        var clientCertificate = options.Credential is ApnsCertificateCredential certificate
            ? SslStreamCertificateContext.Create(certificate.Certificate, certificate.Intermediates, offline: true)
            : null;
        var validator = new ServerCertificateValidator(options.TrustedCaCertificate);
        _connections = new ApnsConnection[poolSize ?? options.PoolSize];
        for (var i = 0; i < _connections.Length; i++)
        {
            _connections[i] = new ApnsConnection(i, options, WakeAll, clientCertificate, validator, logger, credentialGoAway);
        }
    }

    internal IReadOnlyList<ApnsConnection> Connections => _connections;

    /// <summary>Takes a stream slot; throws <see cref="OperationCanceledException"/> when the token fires first.</summary>
    public ValueTask<ApnsConnection> AcquireAsync(CancellationToken cancellationToken) =>
        AcquireAsync(Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>
    /// Takes a stream slot, waiting at most <paramref name="maxWait"/> (the token enforces it). Throws
    /// <see cref="NoConnectionException"/> at once when every connection is backing off beyond that wait: APNs is
    /// unreachable and waiting would only hold the request.
    /// </summary>
    public ValueTask<ApnsConnection> AcquireAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        TryAcquire(out var connection) ? new ValueTask<ApnsConnection>(connection) : AcquireSlowAsync(maxWait, cancellationToken);

    public void Release(ApnsConnection connection)
    {
        connection.Release();
        if (!_waiters.IsEmpty)
        {
            WakeOne();
        }
    }

    public ApnsConnectionInfo[] Snapshot() => Array.ConvertAll(_connections, c => c.Snapshot());

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    private async ValueTask<ApnsConnection> AcquireSlowAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = maxWait == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _timeProvider.GetUtcNow() + maxWait;
        while (true)
        {
            ThrowIfAllBackingOffBeyond(deadline);
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);

            // Re-check after enqueueing: a slot freed just before the enqueue woke nobody.
            if (TryAcquire(out var connection))
            {
                if (!waiter.TrySetResult())
                {
                    // Someone woke this waiter for a slot it no longer needs: hand the wake-up on.
                    WakeOne();
                }

                return connection;
            }

            try
            {
                await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                if (!waiter.TrySetCanceled(cancellationToken))
                {
                    WakeOne();
                }

                throw;
            }

            if (TryAcquire(out connection))
            {
                return connection;
            }
        }
    }

    private void ThrowIfAllBackingOffBeyond(DateTimeOffset deadline)
    {
        var now = _timeProvider.GetUtcNow();
        var earliest = DateTimeOffset.MaxValue;
        ApnsConnection? soonest = null;
        foreach (var connection in _connections)
        {
            if (!connection.IsBackingOff(now) || connection.RetryAt is not { } retryAt)
            {
                return;
            }

            if (retryAt < earliest)
            {
                earliest = retryAt;
                soonest = connection;
            }
        }

        if (earliest > deadline && soonest is not null)
        {
            var seconds = (earliest - now).TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
            throw new NoConnectionException(
                $"APNs unreachable: {soonest.LastConnectError ?? "connect failed"} (next connection attempt in {seconds} s)");
        }
    }

    private bool TryAcquire(out ApnsConnection connection)
    {
        var count = _connections.Length;
        var now = _timeProvider.GetUtcNow();
        while (true)
        {
            var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)count);
            ApnsConnection? best = null;
            var bestLoad = int.MaxValue;
            for (var i = 0; i < count; i++)
            {
                var candidate = _connections[(start + i) % count];
                var load = candidate.InFlight;
                if (load < bestLoad && load < candidate.EffectiveLimit && !candidate.IsBackingOff(now))
                {
                    best = candidate;
                    bestLoad = load;
                }
            }

            if (best is null)
            {
                connection = null!;
                return false;
            }

            // Losing the race for the last slot of the best connection just means looking again.
            if (best.TryAcquire())
            {
                connection = best;
                return true;
            }
        }
    }

    private void WakeOne()
    {
        while (_waiters.TryDequeue(out var waiter))
        {
            if (waiter.TrySetResult())
            {
                return;
            }
        }
    }

    /// <summary>A server raised its limit (or sent its first SETTINGS): every waiter may fit now.</summary>
    private void WakeAll()
    {
        for (var pending = _waiters.Count; pending > 0 && _waiters.TryDequeue(out var waiter); pending--)
        {
            waiter.TrySetResult();
        }
    }
}

/// <summary>Every connection is backing off after failed connects beyond the request's wait: nothing was sent.</summary>
internal sealed class NoConnectionException(string message) : Exception(message);
