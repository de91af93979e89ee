using System.Collections.Concurrent;
using System.Net.Security;
using Microsoft.Extensions.Logging;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// A fixed set of HTTP/2 connections. A request takes a stream slot on the connection with the fewest requests in
/// flight among those below their limit (ties go round-robin). When every connection is full it waits in a FIFO
/// queue until a request finishes or a server raises its stream limit.
/// </summary>
internal sealed class ApnsConnectionPool : IDisposable
{
    private readonly ApnsConnection[] _connections;

    // Each waiter is woken at most once; a woken waiter that loses the race for the slot queues again. Waiters that
    // gave up (timeout) or no longer need waking are completed by themselves and skipped by wakers.
    private readonly ConcurrentQueue<TaskCompletionSource> _waiters = new();
    private int _next;

    public ApnsConnectionPool(ApnsClientOptions options, ILogger logger)
    {
        var clientCertificate = options.Credential is ApnsCertificateCredential certificate
            ? SslStreamCertificateContext.Create(certificate.Certificate, certificate.Intermediates, offline: true)
            : null;
        var validator = new ServerCertificateValidator(options.TrustedCaCertificate);
        _connections = new ApnsConnection[options.PoolSize];
        for (var i = 0; i < _connections.Length; i++)
        {
            _connections[i] = new ApnsConnection(
                i, options.MaxStreamsPerConnection, WakeAll, options.RequestTimeout, clientCertificate, validator, logger);
        }
    }

    internal IReadOnlyList<ApnsConnection> Connections => _connections;

    /// <summary>Takes a stream slot; throws <see cref="OperationCanceledException"/> when the token fires first.</summary>
    public ValueTask<ApnsConnection> AcquireAsync(CancellationToken cancellationToken) =>
        TryAcquire(out var connection) ? new ValueTask<ApnsConnection>(connection) : AcquireSlowAsync(cancellationToken);

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

    private async ValueTask<ApnsConnection> AcquireSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
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

    private bool TryAcquire(out ApnsConnection connection)
    {
        var count = _connections.Length;
        while (true)
        {
            var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)count);
            ApnsConnection? best = null;
            var bestLoad = int.MaxValue;
            for (var i = 0; i < count; i++)
            {
                var candidate = _connections[(start + i) % count];
                var load = candidate.InFlight;
                if (load < bestLoad && load < candidate.EffectiveLimit)
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
