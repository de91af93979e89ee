namespace PushGrpc.Apns.Internal;

/// <summary>
/// Whether an attempt without a verdict may be sent again, and after how long: the same for pushes, broadcasts and
/// channel management. The wait is <see cref="RetryBackoff"/>'s, stretched to APNs's Retry-After; a Retry-After
/// beyond <see cref="ApnsClientOptions.MaxRetryAfter"/> ends the call with the answer rather than hold the caller.
/// What may be resent at all (unknown fate, a create after 500, the credential gate) is each client's own rule.
/// </summary>
internal readonly struct RetryPolicy(ApnsClientOptions options)
{
    private readonly int _maxAttempts = options.MaxAttempts;
    private readonly TimeSpan _baseDelay = options.RetryBaseDelay;
    private readonly TimeSpan _maxDelay = options.RetryMaxDelay;
    private readonly TimeSpan _maxRetryAfter = options.MaxRetryAfter;

    /// <param name="attempts">Attempts made so far, the one just answered included.</param>
    /// <param name="retryAfter">The Retry-After of that attempt's answer, if any.</param>
    /// <param name="delay">How long to wait before the resend.</param>
    public bool TryGetDelay(int attempts, TimeSpan? retryAfter, out TimeSpan delay)
    {
        if (attempts >= _maxAttempts || retryAfter > _maxRetryAfter)
        {
            delay = default;
            return false;
        }

        delay = RetryBackoff.Delay(attempts, _baseDelay, _maxDelay, Random.Shared.NextDouble());
        if (retryAfter > delay)
        {
            delay = retryAfter.Value;
        }

        return true;
    }
}
