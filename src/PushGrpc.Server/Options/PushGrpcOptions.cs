namespace PushGrpc.Server.Options;

/// <summary>The "PushGrpc" configuration section.</summary>
internal sealed class PushGrpcOptions
{
    public const string SectionName = "PushGrpc";

    /// <summary>Configured apps by name (the name callers put in Notification.app).</summary>
    public Dictionary<string, AppOptions> Apps { get; set; } = new(StringComparer.Ordinal);

    public DispatchOptions Dispatch { get; set; } = new();

    public EmbeddedSimulatorOptions Simulator { get; set; } = new();
}
