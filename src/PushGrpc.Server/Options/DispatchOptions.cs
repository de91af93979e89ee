namespace PushGrpc.Server.Options;

/// <summary>
/// Bounds on work in flight. When a bound is reached the gateway stops reading request streams. Each app's APNs
/// client has a bound of its own too (see <see cref="AppOptions.MaxStreamsPerConnection"/>).
/// </summary>
internal sealed class DispatchOptions
{
    /// <summary>Results a single SendStream may have outstanding (sent or waiting to be written back).</summary>
    public int MaxInFlightPerStream { get; set; } = 1000;

    /// <summary>Sends to APNs started and not yet answered, across all apps and calls.</summary>
    public int MaxInFlightGlobal { get; set; } = 10_000;

    /// <summary>
    /// On shutdown (SIGTERM, Ctrl-C): how long in-flight notifications may take to get APNs's answer. What is still
    /// unanswered then is reported FAILED. The host's shutdown timeout is set a little longer.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(25);
}
