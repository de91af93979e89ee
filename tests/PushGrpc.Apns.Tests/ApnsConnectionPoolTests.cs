using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using PushGrpc.Apns.Internal;
using PushGrpc.Apns.Tests.Infrastructure;

namespace PushGrpc.Apns.Tests;

/// <summary>Admission and selection, driven by simulated SETTINGS instead of a server.</summary>
public sealed class ApnsConnectionPoolTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task AcquireAsync_BeforeServerSettings_AdmitsOneRequestPerConnection()
    {
        using var pool = CreatePool(poolSize: 2, maxStreams: 10);

        var first = await pool.AcquireAsync(CancellationToken.None).AsTask().WithTimeout();
        var second = await pool.AcquireAsync(CancellationToken.None).AsTask().WithTimeout();
        var third = pool.AcquireAsync(CancellationToken.None).AsTask();

        Assert.NotSame(first, second);
        Assert.False(third.IsCompleted);

        pool.Connections[0].OnSettings(3);

        Assert.Same(pool.Connections[0], await third.WithTimeout());
        Assert.Equal(2, pool.Connections[0].InFlight);
        Assert.Equal(3, pool.Connections[0].EffectiveLimit);
        Assert.Equal(1, pool.Connections[1].EffectiveLimit);
    }

    [Fact]
    public async Task AcquireAsync_ServerLimitAboveClientBound_ClientBoundWins()
    {
        using var pool = CreatePool(poolSize: 1, maxStreams: 2);
        pool.Connections[0].OnSettings(1000);

        await pool.AcquireAsync(CancellationToken.None).AsTask().WithTimeout();
        await pool.AcquireAsync(CancellationToken.None).AsTask().WithTimeout();
        var third = pool.AcquireAsync(CancellationToken.None).AsTask();

        Assert.False(third.IsCompleted);
        pool.Release(pool.Connections[0]);
        await third.WithTimeout();
        Assert.Equal(2, pool.Connections[0].MaxInFlightSeenForTests());
    }

    [Fact]
    public async Task AcquireAsync_SeveralConnections_PicksTheLeastLoaded()
    {
        using var pool = CreatePool(poolSize: 3, maxStreams: 100);
        foreach (var connection in pool.Connections)
        {
            connection.OnSettings(100);
        }

        for (var i = 0; i < 30; i++)
        {
            await pool.AcquireAsync(CancellationToken.None).AsTask().WithTimeout();
        }

        Assert.All(pool.Connections, c => Assert.Equal(10, c.InFlight));
    }

    [Fact]
    public async Task AcquireAsync_ServerLowersLimit_NewRequestsGoElsewhere()
    {
        using var pool = CreatePool(poolSize: 2, maxStreams: 100);
        pool.Connections[0].OnSettings(100);
        pool.Connections[1].OnSettings(100);
        await pool.AcquireAsync(CancellationToken.None).AsTask().WithTimeout();
        await pool.AcquireAsync(CancellationToken.None).AsTask().WithTimeout();

        // APNs drops a connection to 1 stream after a rejection (§6.3).
        pool.Connections[0].OnSettings(1);
        for (var i = 0; i < 5; i++)
        {
            Assert.Same(pool.Connections[1], await pool.AcquireAsync(CancellationToken.None).AsTask().WithTimeout());
        }
    }

    [Fact]
    public async Task AcquireAsync_WaiterCancelled_ThrowsAndLaterReleaseServesNextWaiter()
    {
        using var pool = CreatePool(poolSize: 1, maxStreams: 1);
        var holder = await pool.AcquireAsync(CancellationToken.None).AsTask().WithTimeout();
        using var cancellation = new CancellationTokenSource();
        var cancelled = pool.AcquireAsync(cancellation.Token).AsTask();
        var patient = pool.AcquireAsync(CancellationToken.None).AsTask();

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled).WithTimeout();
        Assert.False(patient.IsCompleted);

        pool.Release(holder);

        Assert.Same(holder, await patient.WithTimeout());
        Assert.Equal(1, holder.InFlight);
    }

    [Fact]
    public async Task AcquireAsync_ManyWaitersAndReleases_EveryWaiterServedOnce()
    {
        using var pool = CreatePool(poolSize: 2, maxStreams: 2);
        pool.Connections[0].OnSettings(2);
        pool.Connections[1].OnSettings(2);

        var workers = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            var connection = await pool.AcquireAsync(CancellationToken.None);
            Assert.InRange(connection.InFlight, 1, 2);
            await Task.Yield();
            pool.Release(connection);
        }));
        await Task.WhenAll(workers).WithTimeout();

        Assert.All(pool.Connections, c => Assert.Equal(0, c.InFlight));
        Assert.All(pool.Connections, c => Assert.InRange(c.MaxInFlightSeenForTests(), 1, 2));
    }

    private ApnsConnectionPool CreatePool(int poolSize, int maxStreams) =>
        new(
            new ApnsClientOptions
            {
                Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _key),
                PoolSize = poolSize,
                MaxStreamsPerConnection = maxStreams,
            },
            NullLogger.Instance);
}

internal static class ApnsConnectionTestExtensions
{
    public static int MaxInFlightSeenForTests(this ApnsConnection connection) => connection.Snapshot().MaxInFlightSeen;
}
