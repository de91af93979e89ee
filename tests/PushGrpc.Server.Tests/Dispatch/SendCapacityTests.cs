using PushGrpc.Server.Dispatch;

namespace PushGrpc.Server.Tests.Dispatch;

public sealed class SendCapacityTests
{
    [Theory]
    [InlineData(1, 4, 5)]
    [InlineData(1, 1, 2)]
    [InlineData(2, 1000, 2500)]
    [InlineData(3, 10, 39)]
    public void ForPool_IsWhatTheConnectionsCarryPlusAQuarterPerConnectionRoundedUp(int poolSize, int maxStreams, int limit)
    {
        var capacity = SendCapacity.ForPool(poolSize, maxStreams);

        Assert.Equal(limit, capacity.Limit);
        Assert.Equal(0, capacity.InFlight);
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
