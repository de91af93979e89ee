using System.Security.Cryptography.X509Certificates;

namespace PushGrpc.Apns;

/// <summary>Settings of one <see cref="ApnsClient"/> (one credential, one environment).</summary>
public sealed class ApnsClientOptions
{
    /// <summary>Largest pool accepted; beyond this, more clients (or hosts) are the better answer.</summary>
    public const int MaxPoolSize = 256;

    /// <summary>The token or certificate credential.</summary>
    public required ApnsCredential Credential { get; init; }

    /// <summary>Sandbox (default) or production; picks the APNs host unless <see cref="BaseAddress"/> is set.</summary>
    public ApnsEnvironment Environment { get; init; } = ApnsEnvironment.Sandbox;

    /// <summary>
    /// Overrides the APNs host (e.g. a simulator). Only scheme, host and port are used; it must be https.
    /// Default: https://api.sandbox.push.apple.com or https://api.push.apple.com on port 443.
    /// </summary>
    public Uri? BaseAddress { get; init; }

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

    /// <summary>Bound on one send: waiting for a free stream, connecting and APNs's answer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

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

        if (BaseAddress is not null &&
            (!BaseAddress.IsAbsoluteUri || !string.Equals(BaseAddress.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"BaseAddress must be an absolute https URI (got '{BaseAddress}').");
        }

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

        if (TokenRefreshInterval < TimeSpan.FromMinutes(20) || TokenRefreshInterval >= TimeSpan.FromMinutes(60))
        {
            errors.Add($"TokenRefreshInterval must be at least 20 minutes and under 60 minutes (got {TokenRefreshInterval}).");
        }

        if (TimeProvider is null)
        {
            errors.Add("TimeProvider is required.");
        }

        return errors;
    }
}
