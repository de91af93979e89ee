using System.Threading.RateLimiting;
using PushGrpc.Server.Options;

namespace PushGrpc.Server.Security;

/// <summary>
/// Token buckets for callers and apps. Buckets survive configuration reloads while their settings stay the same,
/// so a reload is never a way around a limit.
/// </summary>
internal sealed class RateLimits
{
    private static readonly TimeSpan RetiredLimiterDisposeDelay = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private Dictionary<string, TokenBucketRateLimiter> _limiters = new(StringComparer.Ordinal);

    /// <summary>
    /// Returns the limiters for <paramref name="wanted"/> (owner → settings; owners without a limit are left out),
    /// reusing those whose settings did not change; limiters no longer wanted are disposed a little later, when no
    /// admission can still be using them.
    /// </summary>
    public IReadOnlyDictionary<string, RateLimiter> Update(IEnumerable<KeyValuePair<string, RateLimitOptions>> wanted)
    {
        lock (_lock)
        {
            var next = new Dictionary<string, TokenBucketRateLimiter>(StringComparer.Ordinal);
            var result = new Dictionary<string, RateLimiter>(StringComparer.Ordinal);
            foreach (var (owner, options) in wanted)
            {
                if (!options.IsEnabled)
                {
                    continue;
                }

                var key = $"{owner}\n{options.PerSecond}\n{options.EffectiveBurst}";
                if (!_limiters.Remove(key, out var limiter))
                {
                    limiter = Create(options);
                }

                next[key] = limiter;
                result[owner] = limiter;
            }

            var retired = _limiters.Values.ToList();
            _limiters = next;
            if (retired.Count > 0)
            {
                _ = DisposeLaterAsync(retired);
            }

            return result;
        }
    }

    /// <summary>
    /// A bucket of <see cref="RateLimitOptions.EffectiveBurst"/> that refills continuously at PerSecond, in steps of
    /// about 1/20 s (the limiter's fill rate is TokensPerPeriod / ReplenishmentPeriod, so the rate is exact).
    /// </summary>
    public static TokenBucketRateLimiter Create(RateLimitOptions options)
    {
        var tokensPerPeriod = Math.Max(1, options.PerSecond / 20);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.EffectiveBurst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond * tokensPerPeriod / options.PerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// Takes one permit; on refusal returns how long until one is likely free (at least 1 ms). A limiter disposed
    /// by a reload in the meantime lets the notification through.
    /// </summary>
    public static TimeSpan? TryAcquire(RateLimiter? limiter)
    {
        if (limiter is null)
        {
            return null;
        }

        try
        {
            using var lease = limiter.AttemptAcquire();
            if (lease.IsAcquired)
            {
                return null;
            }

            return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.FromMilliseconds(1)
                ? retryAfter
                : TimeSpan.FromMilliseconds(1);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private static async Task DisposeLaterAsync(List<TokenBucketRateLimiter> limiters)
    {
        await Task.Delay(RetiredLimiterDisposeDelay).ConfigureAwait(false);
        foreach (var limiter in limiters)
        {
            await limiter.DisposeAsync().ConfigureAwait(false);
        }
    }
}
