using PushGrpc.Apns;

namespace PushGrpc.Server.Options;

/// <summary>One app: its credential (token or certificate, exactly one), environment and default topic.</summary>
internal sealed class AppOptions
{
    /// <summary>The bundle id; the push type's suffix is appended per notification.</summary>
    public string? Topic { get; set; }

    public ApnsEnvironment Environment { get; set; } = ApnsEnvironment.Sandbox;

    public TokenCredentialOptions? Token { get; set; }

    public CertificateCredentialOptions? Certificate { get; set; }

    /// <summary>HTTP/2 connections to APNs for this app.</summary>
    public int PoolSize { get; set; } = 2;

    /// <summary>
    /// Upper bound on streams per connection; APNs's SETTINGS may lower it. It also bounds the sends the gateway
    /// starts on the app's APNs client: per connection, from 100 (or this, if lower) up to this many streams as the
    /// latency of answers allows, plus a quarter as a short line so a stream freed by an answer is refilled at once,
    /// not after the next read (<see cref="Dispatch.SendCapacity.ForPool"/>, <see cref="Dispatch.LatencyLimit"/>).
    /// While that many are started the gateway stops reading SendStreams for the app, and Send waits.
    /// </summary>
    public int MaxStreamsPerConnection { get; set; } = 1000;

    /// <summary>Per-request timeout for APNs answers.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests per notification and token for outcomes without a verdict (5xx, 429, transport errors).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>After a credential error, how long sends fail at once before one probe request is let through.</summary>
    public TimeSpan CredentialErrorCooldown { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Idle time after which a connection is checked with an HTTP/2 PING.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The HTTP/2 implementation under the app's connections: PushGrpc's own (the default, cheaper per notification)
    /// or .NET's SocketsHttpHandler, kept as a fallback.
    /// </summary>
    public ApnsHttpStack HttpStack { get; set; } = ApnsHttpStack.PushGrpc;

    /// <summary>Use port 2197 instead of 443.</summary>
    public bool UseAlternatePort { get; set; }

    /// <summary>Overrides Apple's host (a simulator or a proxy).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Overrides Apple's broadcast channel-management host (a simulator or a proxy).</summary>
    public Uri? ManagementBaseAddress { get; set; }

    /// <summary>PEM file of an extra root CA to trust for BaseAddress (a simulator's self-signed CA).</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>Notifications per second for this app, across all callers.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>Token (JWT) authentication with a .p8 signing key.</summary>
internal sealed class TokenCredentialOptions
{
    public string? TeamId { get; set; }

    public string? KeyId { get; set; }

    /// <summary>Path to the .p8 file.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The .p8 PEM text itself (for environment variables or secret stores), instead of KeyFile.</summary>
    public string? Key { get; set; }
}

/// <summary>Certificate authentication: a .p12 with its password, or PEM certificate (+ key).</summary>
internal sealed class CertificateCredentialOptions
{
    /// <summary>A .p12/.pfx file, or a PEM file (certificate, and the key too when KeyFile is not set).</summary>
    public string? File { get; set; }

    /// <summary>Password of the .p12 file or of an encrypted PEM key.</summary>
    public string? Password { get; set; }

    /// <summary>PEM private key file when File holds only the certificate.</summary>
    public string? KeyFile { get; set; }
}
