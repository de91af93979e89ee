using System.Net.Security;
using Microsoft.Extensions.Logging;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// A fixed set of HTTP/2 connections. A request takes a stream slot on the connection with the fewest requests in
/// flight (ties go round-robin) and waits, when every connection is at its limit, until a slot frees up.
/// </summary>
internal sealed class ApnsConnectionPool : IDisposable
{
    private readonly ApnsConnection[] _connections;
    private readonly int _maxStreamsPerConnection;

    // Counts free slots over the whole pool, so a waiting request wakes up as soon as any connection has room.
    // Not disposed: it holds no wait handle, and releases may still arrive from requests finishing after Dispose.
    private readonly SemaphoreSlim _freeSlots;
    private int _next;

    public ApnsConnectionPool(ApnsClientOptions options, ILogger logger)
    {
        _maxStreamsPerConnection = options.MaxStreamsPerConnection;
        _freeSlots = new SemaphoreSlim((int)Math.Min((long)options.PoolSize * options.MaxStreamsPerConnection, int.MaxValue));
        var clientCertificate = options.Credential is ApnsCertificateCredential certificate
            ? SslStreamCertificateContext.Create(certificate.Certificate, certificate.Intermediates, offline: true)
            : null;
        var validator = new ServerCertificateValidator(options.TrustedCaCertificate);
        _connections = new ApnsConnection[options.PoolSize];
        for (var i = 0; i < _connections.Length; i++)
        {
            _connections[i] = new ApnsConnection(i, options.RequestTimeout, clientCertificate, validator, logger);
        }
    }

    internal IReadOnlyList<ApnsConnection> Connections => _connections;

    /// <summary>Takes a stream slot; throws <see cref="OperationCanceledException"/> when the token fires first.</summary>
    public ValueTask<ApnsConnection> AcquireAsync(CancellationToken cancellationToken) =>
        _freeSlots.Wait(0) ? new ValueTask<ApnsConnection>(Pick()) : AcquireSlowAsync(cancellationToken);

    public void Release(ApnsConnection connection)
    {
        connection.Release();
        _freeSlots.Release();
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
        await _freeSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Pick();
    }

    private ApnsConnection Pick()
    {
        // Holding a pool slot guarantees some connection is below its limit; the loop only retries lost races.
        var count = _connections.Length;
        while (true)
        {
            var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)count);
            var best = _connections[start];
            var bestLoad = best.InFlight;
            for (var i = 1; i < count && bestLoad > 0; i++)
            {
                var candidate = _connections[(start + i) % count];
                var load = candidate.InFlight;
                if (load < bestLoad)
                {
                    best = candidate;
                    bestLoad = load;
                }
            }

            if (best.TryAcquire(_maxStreamsPerConnection))
            {
                return best;
            }
        }
    }
}
