namespace PushGrpc.Server.Options;

/// <summary>The in-process APNs simulator for development.</summary>
internal sealed class EmbeddedSimulatorOptions
{
    /// <summary>
    /// True: run against the embedded simulator with a "demo" app. Unset: only when no app is configured and the
    /// host runs in Development.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Streams per connection the simulator advertises.</summary>
    public int MaxConcurrentStreams { get; set; } = 1000;
}
