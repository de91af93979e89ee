namespace PushGrpc.Server.Options;

/// <summary>
/// Who may call the gateway (the "PushGrpc:Auth" section): API keys and client certificates, each naming the apps it
/// may send for. With neither configured, caller authentication is off, which only Development allows unless
/// <see cref="AllowUnauthenticated"/> says so.
/// </summary>
internal sealed class AuthOptions
{
    /// <summary>Run without caller authentication outside Development (any caller may send for any app).</summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>API keys by name (the name appears in logs; the key never does).</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>PEM file of the CA that issues caller certificates; required with <see cref="ClientCertificates"/>.</summary>
    public string? ClientCertificateCaFile { get; set; }

    /// <summary>Callers identified by a TLS client certificate, by name.</summary>
    public Dictionary<string, ClientCertificateOptions> ClientCertificates { get; set; } = new(StringComparer.Ordinal);

    public bool IsEnabled => ApiKeys.Count > 0 || ClientCertificates.Count > 0;
}

/// <summary>One API key: its salted hash (from <c>hash-key</c>), the apps it may use and its rate limit.</summary>
internal sealed class ApiKeyOptions
{
    /// <summary><c>sha256:&lt;salt base64&gt;:&lt;hash base64&gt;</c>, as printed by <c>hash-key</c>.</summary>
    public string? Hash { get; set; }

    /// <summary>App names this key may send for; <c>*</c> means every app.</summary>
    public List<string> Apps { get; set; } = [];

    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>A caller identified by its TLS client certificate (issued by <see cref="AuthOptions.ClientCertificateCaFile"/>).</summary>
internal sealed class ClientCertificateOptions
{
    /// <summary>SHA-256 fingerprint of the certificate (hex, colons allowed), as <c>openssl x509 -fingerprint -sha256</c> prints it.</summary>
    public string? Thumbprint { get; set; }

    /// <summary>Or the certificate's subject common name (CN).</summary>
    public string? CommonName { get; set; }

    /// <summary>App names this caller may send for; <c>*</c> means every app.</summary>
    public List<string> Apps { get; set; } = [];

    public RateLimitOptions RateLimit { get; set; } = new();
}
