namespace PushGrpc.Apns;

/// <summary>
/// The client's <see cref="System.Diagnostics.Metrics.Meter"/>: subscribe to <see cref="MeterName"/> (OpenTelemetry's
/// <c>AddMeter</c>, a MeterListener, dotnet-counters) to see requests, retries, GOAWAYs, reconnects, provider tokens and
/// the pool's connections. Every instrument is tagged <c>app</c> with <see cref="ApnsClientOptions.Name"/>; no tag
/// ever holds a device token or an apns-id.
/// </summary>
public static class ApnsMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PushGrpc.Apns";
}
