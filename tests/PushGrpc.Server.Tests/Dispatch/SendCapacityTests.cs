using PushGrpc.Server.Dispatch;

namespace PushGrpc.Server.Tests.Dispatch;

public sealed class SendCapacityTests
{
    [Theory]
    [InlineData(1, 4, 5, 5)]
    [InlineData(1, 1, 2, 2)]
    [InlineData(1, 100, 125, 125)]
    [InlineData(2, 1000, 250, 2500)]
    [InlineData(3, 10, 39, 39)]
    public void ForPool_StreamsPlusAQuarterPerConnection_FromTheFloorUpToMaxStreams(int poolSize, int maxStreams, int start, int max)
    {
        var capacity = SendCapacity.ForPool(poolSize, maxStreams);

        Assert.Equal(start, capacity.Limit);
        Assert.Equal(max, capacity.MaxLimit);
        Assert.Equal(0, capacity.InFlight);
    }

    [Fact]
    public void FixedBound_ReleaseOfAUnitNeverTaken_FailsLoudly()
    {
        var capacity = new SendCapacity(2);

        Assert.Throws<SemaphoreFullException>(() => capacity.Release());
    }

    [Fact]
    public async Task AnswersAsQuickWithMoreInFlight_LimitGrowsAndEveryNewUnitCanBeTaken()
    {
        var capacity = SendCapacity.ForPool(1, 1000);
        var taken = await TakeAllAsync(capacity);

        // Whatever is in flight, answers take 50 ms: the path is long, not busy.
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < taken; i++)
            {
                capacity.Release(AnsweredAfter(TimeSpan.FromMilliseconds(50)));
            }

            taken = await TakeAllAsync(capacity);
            Assert.Equal(capacity.Limit, capacity.InFlight);
        }

        Assert.True(capacity.Limit > 125, $"limit {capacity.Limit}");
        Assert.Equal(capacity.Limit, taken);
    }

    [Fact]
    public async Task LimitShrinksWhileUnitsAreTaken_TheExcessIsDestroyedAsItComesBack()
    {
        var capacity = SendCapacity.ForPool(1, 1000);
        for (var round = 0; round < 50; round++)
        {
            var n = await TakeAllAsync(capacity);
            for (var i = 0; i < n; i++)
            {
                capacity.Release(AnsweredAfter(TimeSpan.FromMilliseconds(50)));
            }
        }

        var grown = capacity.Limit;
        var held = await TakeAllAsync(capacity);
        Assert.Equal(grown, held);

        // Now answers slow down tenfold while all units are held: the limit drops below what is taken.
        for (var i = 0; i < held; i++)
        {
            capacity.Release(AnsweredAfter(TimeSpan.FromMilliseconds(500)));
        }

        Assert.True(capacity.Limit < grown, $"limit {capacity.Limit}, was {grown}");
        Assert.Equal(0, capacity.InFlight);
        Assert.Equal(capacity.Limit, await TakeAllAsync(capacity));
    }

    private static long AnsweredAfter(TimeSpan latency) =>
        System.Diagnostics.Stopwatch.GetTimestamp() - (long)(latency.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);

    /// <summary>Takes every unit free now (waits that would block are not started) and says how many.</summary>
    private static async Task<int> TakeAllAsync(SendCapacity capacity)
    {
        var taken = 0;
        while (true)
        {
            var wait = capacity.WaitAsync(new CancellationToken(canceled: true));
            if (!wait.IsCompletedSuccessfully)
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.AsTask());
                return taken;
            }

            await wait;
            taken++;
        }
    }

    [Fact]
    public async Task WaitAsync_UnitFree_TakesItEvenWhenToldToStopWaiting()
    {
        var capacity = new SendCapacity(1);

        await capacity.WaitAsync(new CancellationToken(canceled: true));

        Assert.Equal(1, capacity.InFlight);
    }

    [Fact]
    public async Task WaitAsync_Full_WaitsUntilAUnitIsReleased()
    {
        var capacity = new SendCapacity(1);
        await capacity.WaitAsync(CancellationToken.None);

        var waiting = capacity.WaitAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        capacity.Release();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, capacity.InFlight);
    }

    [Fact]
    public async Task WaitAsync_FullAndToldToStop_ThrowsHavingTakenNothing()
    {
        var capacity = new SendCapacity(1);
        await capacity.WaitAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();

        var waiting = capacity.WaitAsync(stop.Token).AsTask();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        capacity.Release();
        Assert.Equal(0, capacity.InFlight);
    }
}
