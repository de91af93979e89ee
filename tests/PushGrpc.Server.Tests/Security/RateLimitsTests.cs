using PushGrpc.Server.Options;
using PushGrpc.Server.Security;

namespace PushGrpc.Server.Tests.Security;

public sealed class RateLimitsTests
{
    [Fact]
    public void TryAcquire_BurstUsedUp_RefusesWithARetryHintWithinOnePeriod()
    {
        using var limiter = RateLimits.Create(new RateLimitOptions { PerSecond = 2, Burst = 2 });

        Assert.Null(RateLimits.TryAcquire(limiter));
        Assert.Null(RateLimits.TryAcquire(limiter));
        var retryAfter = RateLimits.TryAcquire(limiter);

        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void TryAcquire_NoLimiter_AlwaysPasses() => Assert.Null(RateLimits.TryAcquire(null));

    [Fact]
    public void Update_SameSettings_KeepsTheBucketSoAReloadIsNoWayAroundTheLimit()
    {
        var limits = new RateLimits();
        var first = limits.Update([KeyValuePair.Create("key:a", new RateLimitOptions { PerSecond = 10 })]);
        var second = limits.Update([KeyValuePair.Create("key:a", new RateLimitOptions { PerSecond = 10 })]);
        var changed = limits.Update([KeyValuePair.Create("key:a", new RateLimitOptions { PerSecond = 20 })]);
        var off = limits.Update([KeyValuePair.Create("key:a", new RateLimitOptions())]);

        Assert.Same(first["key:a"], second["key:a"]);
        Assert.NotSame(second["key:a"], changed["key:a"]);
        Assert.Empty(off);
    }
}
