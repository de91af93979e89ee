namespace PushGrpc.Server.Options;

/// <summary>The "PushGrpc" configuration section.</summary>
internal sealed class PushGrpcOptions
{
    public const string SectionName = "PushGrpc";

    /// <summary>Configured apps by name (the name callers put in Notification.app).</summary>
    public Dictionary<string, AppOptions> Apps { get; set; } = new(StringComparer.Ordinal);

    public DispatchOptions Dispatch { get; set; } = new();

    public EmbeddedSimulatorOptions Simulator { get; set; } = new();

    /// <summary>Caller authentication: API keys, client certificates, their app scopes and rate limits.</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>
    /// A folder of secret files (Docker/Kubernetes secrets, e.g. /run/secrets): each file named like a configuration
    /// key with <c>__</c> for <c>:</c> (<c>PushGrpc__Apps__shop__Token__Key</c>) supplies that key's value.
    /// </summary>
    public string? SecretsDirectory { get; set; }
}
