namespace PushGrpc.Server.Observability;

/// <summary>The "PushGrpc:Observability" configuration section: metrics, traces and what logs may show.</summary>
internal sealed class ObservabilityOptions
{
    public const string SectionName = "PushGrpc:Observability";

    /// <summary>Path of the Prometheus scrape endpoint; empty turns it off.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Leading characters of a device token that log lines show (8: enough to correlate, too few to push to). 0 hides
    /// tokens; 200 shows them whole. Results always carry the whole token.
    /// </summary>
    public int DeviceTokenLogCharacters { get; set; } = 8;

    public TracingOptions Tracing { get; set; } = new();

    internal sealed class TracingOptions
    {
        /// <summary>
        /// OTLP collector to export traces to (e.g. http://localhost:4317 for gRPC, or http://localhost:4318/v1/traces
        /// with <see cref="OtlpProtocol"/> HttpProtobuf). Unset: no tracing, unless OTEL_EXPORTER_OTLP_ENDPOINT or
        /// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set in the environment.
        /// </summary>
        public Uri? OtlpEndpoint { get; set; }

        /// <summary>Grpc (default) or HttpProtobuf.</summary>
        public string OtlpProtocol { get; set; } = "Grpc";

        /// <summary>Share of notification attempts (one span per device token) that get a span of their own, 0–1.</summary>
        public double NotificationSampleRatio { get; set; } = 0.01;
    }
}
