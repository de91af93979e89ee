using Microsoft.Extensions.Time.Testing;
using PushGrpc.ApnsSimulator.Internal;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>The per-token counters behind DeviceTokenRateLimit: exact under contention, memory bounded by the window.</summary>
public sealed class DeviceTokenRateLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task TryAcquire_ManyThreadsOneToken_ExactlyLimitPass()
    {
        var limiter = new DeviceTokenRateLimiter(50, Window, time);

        var passed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 100).Count(_ => limiter.TryAcquire("aa"))))).Timeout();

        Assert.Equal(50, passed.Sum());
    }

    [Fact]
    public void TryAcquire_WindowsEnded_StaleCountersDropped()
    {
        var limiter = new DeviceTokenRateLimiter(1, Window, time);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(limiter.TryAcquire($"{i:x4}"));
        }

        time.Advance(Window);
        Assert.True(limiter.TryAcquire("ffff"));

        Assert.Equal(1, limiter.TrackedTokens);
        Assert.True(limiter.TryAcquire("0001")); // dropped: starts afresh
        Assert.False(limiter.TryAcquire("ffff"));
    }

    [Fact]
    public void TryAcquire_WindowStillOpen_CounterKeptBySweep()
    {
        var limiter = new DeviceTokenRateLimiter(1, Window, time);
        Assert.True(limiter.TryAcquire("aa"));
        time.Advance(Window - TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire("bb"));

        time.Advance(TimeSpan.FromSeconds(2)); // a sweep is due: "aa"'s window ended, "bb"'s did not
        Assert.True(limiter.TryAcquire("cc"));

        Assert.Equal(2, limiter.TrackedTokens);
        Assert.False(limiter.TryAcquire("bb"));
    }
}
