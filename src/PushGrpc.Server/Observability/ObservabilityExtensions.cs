using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PushGrpc.Apns;

namespace PushGrpc.Server.Observability;

/// <summary>Metrics (Prometheus), traces (OTLP, off unless configured) and log format for the gateway host.</summary>
internal static class ObservabilityExtensions
{
    public const string ServiceName = "pushgrpc-gateway";

    public static WebApplicationBuilder AddGatewayObservability(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ObservabilityOptions.SectionName);
        var options = section.Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        builder.Services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.SectionName)
            .Validate(o => o.DeviceTokenLogCharacters >= 0, "PushGrpc:Observability:DeviceTokenLogCharacters must not be negative.")
            .Validate(o => o.Tracing.NotificationSampleRatio is >= 0 and <= 1, "PushGrpc:Observability:Tracing:NotificationSampleRatio must be between 0 and 1.")
            .ValidateOnStart();

        ConfigureConsoleLogs(builder);

        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<GatewayTracing>();
        builder.Services.AddSingleton<GrpcMetricsInterceptor>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName, ApnsMetrics.MeterName)
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        if (TracingWanted(builder.Configuration, options))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(GatewayTracing.SourceName)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => IsGatewayCall(context, options))
                .AddOtlpExporter(otlp =>
                {
                    if (options.Tracing.OtlpEndpoint is { } endpoint)
                    {
                        otlp.Endpoint = endpoint;
                    }

                    if (Enum.TryParse<OtlpExportProtocol>(options.Tracing.OtlpProtocol, ignoreCase: true, out var protocol))
                    {
                        otlp.Protocol = protocol;
                    }
                }));
        }

        return builder;
    }

    public static WebApplication MapGatewayObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        if (!string.IsNullOrEmpty(options.MetricsPath))
        {
            app.MapPrometheusScrapingEndpoint(options.MetricsPath);
        }

        return app;
    }

    /// <summary>True when an OTLP endpoint is configured, in PushGrpc's settings or OpenTelemetry's own variables.</summary>
    internal static bool TracingWanted(IConfiguration configuration, ObservabilityOptions options) =>
        options.Tracing.OtlpEndpoint is not null
        || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);

    /// <summary>
    /// A call to this gateway, not a scrape or probe. ASP.NET Core's activity source is process-wide: requests to
    /// another host in the process (the embedded simulator, whose paths hold device tokens) get no span.
    /// </summary>
    private static bool IsGatewayCall(HttpContext context, ObservabilityOptions options)
    {
        if (context.RequestServices?.GetService<Hosting.GatewayEndpoints>() is null)
        {
            return false;
        }

        var path = context.Request.Path;
        return !path.StartsWithSegments("/healthz") && !path.StartsWithSegments("/readyz")
            && (string.IsNullOrEmpty(options.MetricsPath) || !path.StartsWithSegments(options.MetricsPath));
    }

    /// <summary>
    /// JSON lines in production (one object per event: timestamp, level, category, event id, message and its
    /// structured fields), the readable multi-line format in Development. Logging:Console:FormatterName overrides both.
    /// </summary>
    private static void ConfigureConsoleLogs(WebApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
        {
            return;
        }

        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(console => console.TimestampFormat = "HH:mm:ss.fff ");
        }
        else
        {
            builder.Logging.AddJsonConsole(console =>
            {
                console.IncludeScopes = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                console.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
    }
}
