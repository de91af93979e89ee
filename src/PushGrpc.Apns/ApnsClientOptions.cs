using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using PushGrpc.Apns.Auth;

namespace PushGrpc.Apns;

/// <summary>Settings of one <see cref="ApnsClient"/> (one credential, one environment).</summary>
public sealed class ApnsClientOptions
{
    /// <summary>Largest pool accepted; beyond this, more clients (or hosts) are the better answer.</summary>
    public const int MaxPoolSize = 256;

    /// <summary>Largest <see cref="MaxAttempts"/> accepted.</summary>
    public const int MaxAttemptsLimit = 10;

    /// <summary>
    /// Names this client in metrics (the <c>app</c> tag of <see cref="ApnsMetrics.MeterName"/>); the gateway uses the app
    /// name. Default: "default".
    /// </summary>
    public string? Name { get; init; }

    /// <summary>
    /// How many leading characters of a device token log lines show: enough to correlate, too few to push to. 0 hides
    /// tokens entirely; a value at least the token's length shows it whole. Default 8.
    /// </summary>
    public int DeviceTokenLogCharacters { get; init; } = 8;

    /// <summary>The token or certificate credential.</summary>
    public required ApnsCredential Credential { get; init; }

    /// <summary>Sandbox (default) or production; picks the APNs host unless <see cref="BaseAddress"/> is set.</summary>
    public ApnsEnvironment Environment { get; init; } = ApnsEnvironment.Sandbox;

    /// <summary>
    /// Overrides the APNs host (e.g. a simulator). Only scheme, host and port are used; it must be https.
    /// Default: https://api.sandbox.push.apple.com or https://api.push.apple.com on port 443.
    /// </summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>
    /// Overrides the broadcast channel-management host used by <see cref="ApnsChannelManager"/> (e.g. a simulator).
    /// Only scheme, host and port are used; it must be https. Default by <see cref="Environment"/>:
    /// https://api-manage-broadcast.sandbox.push.apple.com:2195/ or https://api-manage-broadcast.push.apple.com:2196/.
    /// Broadcast sends themselves go to the push host (<see cref="BaseAddress"/>).
    /// </summary>
    public Uri? ManagementBaseAddress { get; init; }

    /// <summary>Use port 2197 instead of 443 (ignored with <see cref="BaseAddress"/>).</summary>
    public bool UseAlternatePort { get; init; }

    /// <summary>
    /// An extra root CA to trust besides the system store (the simulator's self-signed CA). Server certificate
    /// validation is never switched off: a host-name mismatch or any other error still fails.
    /// </summary>
    public X509Certificate2? TrustedCaCertificate { get; init; }

    /// <summary>Number of HTTP/2 connections.</summary>
    public int PoolSize { get; init; } = 2;

    /// <summary>Upper bound of concurrent requests per connection; the server's SETTINGS_MAX_CONCURRENT_STREAMS may lower it.</summary>
    public int MaxStreamsPerConnection { get; init; } = 1000;

    /// <summary>
    /// Bound on one attempt: waiting for a free stream, connecting and APNs's answer. A send makes at most
    /// <see cref="MaxAttempts"/> attempts (plus one after an expired provider token), so it ends within about
    /// MaxAttempts × (RequestTimeout + max(RetryMaxDelay, MaxRetryAfter)).
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Attempts per send for outcomes without a verdict (transport errors, timeouts, 500, 503, 429, refused streams).
    /// 1 disables retries. Rejections (4xx other than 429) and credential errors are never retried.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>First retry delay; doubles per attempt up to <see cref="RetryMaxDelay"/>, with full jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of the exponential retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Largest Retry-After (seconds, from a 429 or 503) honoured by waiting; a longer one ends the send with that
    /// answer so the caller can requeue it instead of holding it.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Wait before reconnecting a connection whose last connect failed (or that closed before giving any answer);
    /// doubles per consecutive failure up to <see cref="ReconnectMaxDelay"/> and resets on the next answer.
    /// </summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the reconnect backoff.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After APNs rejects the credential (403 InvalidProviderToken, BadCertificate, …, 429 TooManyProviderTokenUpdates),
    /// every send fails at once without a request for this long; then one probe request is let through.
    /// </summary>
    public TimeSpan CredentialErrorCooldown { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Idle time after which a connection is PINGed (HTTP/2 PING; SocketsHttpHandler needs at least 1 s).</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A PING unanswered for this long kills the connection (its requests get unknown-fate handling); at least 1 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The HTTP/2 implementation under the connection pool: PushGrpc's own, or SocketsHttpHandler as a fallback.</summary>
    public ApnsHttpStack HttpStack { get; init; } = ApnsHttpStack.PushGrpc;

    /// <summary>Age at which the provider token is re-signed; APNs requires [20 min, 60 min).</summary>
    public TimeSpan TokenRefreshInterval { get; init; } = TimeSpan.FromMinutes(50);

    /// <summary>Clock for token age, timeouts and durations.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Every problem with these options at once; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Credential is null)
        {
            errors.Add("Credential is required.");
        }

        if (!Enum.IsDefined(Environment))
        {
            errors.Add($"Environment '{Environment}' is not defined.");
        }

        CheckHttpsAddress(errors, nameof(BaseAddress), BaseAddress);
        CheckHttpsAddress(errors, nameof(ManagementBaseAddress), ManagementBaseAddress);

        if (PoolSize is < 1 or > MaxPoolSize)
        {
            errors.Add($"PoolSize must be between 1 and {MaxPoolSize} (got {PoolSize}).");
        }

        if (MaxStreamsPerConnection < 1)
        {
            errors.Add($"MaxStreamsPerConnection must be at least 1 (got {MaxStreamsPerConnection}).");
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout == Timeout.InfiniteTimeSpan)
        {
            errors.Add($"RequestTimeout must be positive and finite (got {RequestTimeout}).");
        }

        if (MaxAttempts is < 1 or > MaxAttemptsLimit)
        {
            errors.Add($"MaxAttempts must be between 1 and {MaxAttemptsLimit} (got {MaxAttempts}).");
        }

        CheckDelay(errors, nameof(RetryBaseDelay), RetryBaseDelay, TimeSpan.Zero);
        CheckDelay(errors, nameof(RetryMaxDelay), RetryMaxDelay, TimeSpan.Zero);
        if (RetryMaxDelay < RetryBaseDelay)
        {
            errors.Add($"RetryMaxDelay must not be below RetryBaseDelay (got {RetryMaxDelay} < {RetryBaseDelay}).");
        }

        CheckDelay(errors, nameof(MaxRetryAfter), MaxRetryAfter, TimeSpan.Zero);
        CheckDelay(errors, nameof(ReconnectBaseDelay), ReconnectBaseDelay, TimeSpan.Zero);
        CheckDelay(errors, nameof(ReconnectMaxDelay), ReconnectMaxDelay, TimeSpan.Zero);
        if (ReconnectMaxDelay < ReconnectBaseDelay)
        {
            errors.Add($"ReconnectMaxDelay must not be below ReconnectBaseDelay (got {ReconnectMaxDelay} < {ReconnectBaseDelay}).");
        }

        CheckDelay(errors, nameof(CredentialErrorCooldown), CredentialErrorCooldown, TimeSpan.Zero);
        CheckDelay(errors, nameof(KeepAlivePingDelay), KeepAlivePingDelay, TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        CheckDelay(errors, nameof(KeepAlivePingTimeout), KeepAlivePingTimeout, TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));

        if (TokenRefreshInterval < TimeSpan.FromMinutes(20) || TokenRefreshInterval >= TimeSpan.FromMinutes(60))
        {
            errors.Add($"TokenRefreshInterval must be at least 20 minutes and under 60 minutes (got {TokenRefreshInterval}).");
        }

        if (DeviceTokenLogCharacters < 0)
        {
            errors.Add($"DeviceTokenLogCharacters must not be negative (got {DeviceTokenLogCharacters}).");
        }

        if (TimeProvider is null)
        {
            errors.Add("TimeProvider is required.");
        }

        return errors;
    }

    /// <summary>The <c>app</c> tag value of this client's metrics.</summary>
    internal string MetricsName => string.IsNullOrEmpty(Name) ? "default" : Name;

    /// <summary>The constructors' check: <see cref="ArgumentException"/> listing every problem of <paramref name="options"/>.</summary>
    internal static void ThrowIfInvalid(ApnsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid APNs client options: " + string.Join(" ", errors), nameof(options));
        }
    }

    /// <summary>
    /// With token auth, the provider token every client on this credential shares (signed once for all of them);
    /// null with certificate auth.
    /// </summary>
    internal ApnsJwtProvider? SharedJwtProvider(ILogger logger) =>
        Credential is ApnsTokenCredential token ? token.SharedJwtProvider(TimeProvider, TokenRefreshInterval, logger, MetricsName) : null;

    private static void CheckHttpsAddress(List<string> errors, string name, Uri? address)
    {
        if (address is not null &&
            (!address.IsAbsoluteUri || !string.Equals(address.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{name} must be an absolute https URI (got '{address}').");
        }
    }

    // Positive (above the floor), finite and at most a day: anything longer is a unit mistake, not a policy.
    private static void CheckDelay(List<string> errors, string name, TimeSpan value, TimeSpan above)
    {
        if (value <= above || value > TimeSpan.FromDays(1))
        {
            var floor = above == TimeSpan.Zero ? "positive" : "at least " + (above + TimeSpan.FromTicks(1)).TotalSeconds + " s";
            errors.Add($"{name} must be {floor} and at most one day (got {value}).");
        }
    }
}
