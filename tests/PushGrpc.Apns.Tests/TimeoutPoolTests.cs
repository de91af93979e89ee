using Microsoft.Extensions.Time.Testing;
using PushGrpc.Apns.Internal;

namespace PushGrpc.Apns.Tests;

/// <summary>Reused request timeouts: a source comes back only when it never fired and nothing still watches it.</summary>
public sealed class TimeoutPoolTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);

    [Fact]
    public void A_returned_timeout_is_handed_out_again_not_cancelled()
    {
        var pool = new TimeoutPool(Long, TimeProvider.System);
        var first = pool.Rent();
        pool.Return(first, reusable: true);

        var second = pool.Rent();
        Assert.Same(first, second);
        Assert.False(second.IsCancellationRequested);
    }

    [Fact]
    public async Task A_timeout_that_fired_is_not_reused()
    {
        var pool = new TimeoutPool(TimeSpan.FromMilliseconds(1), TimeProvider.System);
        var fired = pool.Rent();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, fired.Token));
        pool.Return(fired, reusable: true);

        Assert.NotSame(fired, pool.Rent());
    }

    [Fact]
    public void A_timeout_returned_as_not_reusable_is_disposed_not_reused()
    {
        var pool = new TimeoutPool(Long, TimeProvider.System);
        var first = pool.Rent();
        pool.Return(first, reusable: false);

        Assert.NotSame(first, pool.Rent());
        Assert.Throws<ObjectDisposedException>(() => first.CancelAfter(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Registrations_left_on_a_returned_timeout_do_not_follow_it_to_the_next_request()
    {
        var pool = new TimeoutPool(Long, TimeProvider.System);
        var first = pool.Rent();
        var stale = false;
        first.Token.Register(() => stale = true);
        pool.Return(first, reusable: true);

        var second = pool.Rent();
        Assert.Same(first, second);
        second.Cancel();
        Assert.False(stale);
    }

    [Fact]
    public void On_another_clock_each_rent_gets_the_full_timeout_of_that_clock()
    {
        // CancellationTokenSource.TryReset does not reset a timer from another TimeProvider: such sources are
        // disposed and replaced, so a fake clock still times every request from its own start.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var pool = new TimeoutPool(TimeSpan.FromSeconds(10), time);
        var first = pool.Rent();
        time.Advance(TimeSpan.FromSeconds(9));
        pool.Return(first, reusable: true);

        var second = pool.Rent();
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(second.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(second.IsCancellationRequested);
    }
}
