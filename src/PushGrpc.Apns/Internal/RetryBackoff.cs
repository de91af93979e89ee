namespace PushGrpc.Apns.Internal;

/// <summary>Exponential backoff with full jitter: a random delay in [0, min(cap, base × 2^(retry−1))].</summary>
internal static class RetryBackoff
{
    /// <param name="retry">1 for the first retry.</param>
    /// <param name="random">A value in [0, 1); tests pass fixed values.</param>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var exponent = Math.Clamp(retry - 1, 0, 30);
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * (double)(1L << exponent));
        return TimeSpan.FromTicks((long)(ceiling * Math.Clamp(random, 0, 1)));
    }
}
