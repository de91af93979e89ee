using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using PushGrpc.Apns;
using PushGrpc.Server.Dispatch;
using PushGrpc.Server.Observability;
using PushGrpc.Server.Options;
using PushGrpc.Server.Security;
using PushGrpc.Server.Services;
using PushGrpc.Server.Validation;

namespace PushGrpc.Server.Hosting;

/// <summary>Builds the gateway host; Program and the functional tests both start it through here.</summary>
internal static partial class GatewayApplication
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        SecretSources.AddSecretsDirectory(builder);
        CallerTls.Configure(builder);

        // gRPC (h2c) on Kestrel:Endpoints:Grpc; /metrics, /healthz, /readyz and HTTP/JSON also on Kestrel:Endpoints:Http (HTTP/1.1).
        var endpoints = new GatewayEndpoints();
        builder.Services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel(endpoints.Configure);
        builder.AddGatewayObservability();

        var embedded = await StartEmbeddedSimulatorIfWantedAsync(builder).ConfigureAwait(false);
        if (embedded is not null)
        {
            builder.Services.AddSingleton(embedded);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<PushGrpcOptions>()
            .BindConfiguration(PushGrpcOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PushGrpcOptions>, PushGrpcOptionsValidator>();
        builder.Services.AddSingleton<ApnsAppRegistry>();
        builder.Services.AddSingleton<CallerRegistry>();
        builder.Services.AddSingleton<ConfigurationReloader>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ConfigurationReloader>());
        builder.Services.AddSingleton<PreparedNotificationValidator>();
        builder.Services.AddSingleton<NotificationDispatcher>();
        builder.Services.AddSingleton<ChannelPolicies>();
        builder.Services.AddSingleton<ChannelBroadcaster>();
        // Registered so the HTTP/JSON routes call the very services the gRPC ones use (both are stateless).
        builder.Services.AddSingleton<PushService>();
        builder.Services.AddSingleton<ChannelService>();
        builder.Services.AddSingleton<GatewayShutdown>();
        // Kestrel waits for calls in flight up to the host's shutdown timeout: leave the drain time room to finish.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<PushGrpcOptions>>((host, pushGrpc) =>
            host.ShutdownTimeout = pushGrpc.Value.Dispatch.DrainTimeout + TimeSpan.FromSeconds(5));

        builder.Services.AddGrpc(grpc =>
            {
                grpc.EnableDetailedErrors = builder.Environment.IsDevelopment();
                grpc.Interceptors.Add<GrpcMetricsInterceptor>();
            })
            .AddServiceOptions<PushService>(service => service.Interceptors.Add<CallerAuthInterceptor>())
            .AddServiceOptions<ChannelService>(service => service.Interceptors.Add<CallerAuthInterceptor>())
            .AddServiceOptions<HttpApiService>(service => service.Interceptors.Add<CallerAuthInterceptor>())
            .AddJsonTranscoding();
        builder.Services.AddHttpApi();
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<AppHealth>();
        builder.Services.AddHealthChecks()
            .AddCheck<AppsHealthCheck>(AppsHealthCheck.Name, tags: [AppsHealthCheck.ReadyTag]);

        var app = builder.Build();
        app.MapGrpcService<PushService>();
        app.MapGrpcService<ChannelService>();
        app.MapGrpcReflectionService();
        app.MapGrpcService<GatewayHealthService>();
        app.MapHttpApi();
        HealthEndpoints.Map(app);
        app.MapGatewayObservability();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PushGrpc.Server");
        // Resolve the registry now so a bad credential stops start-up instead of the first call.
        var registry = app.Services.GetRequiredService<ApnsAppRegistry>();
        // And the dispatcher, which creates the gateway's meter: the dispatch gauges are then there from the first
        // scrape, not only after the first call.
        app.Services.GetRequiredService<NotificationDispatcher>();
        app.Services.GetRequiredService<CallerRegistry>().LogMode(app.Environment, app.Configuration);
        if (embedded is not null)
        {
            LogSimulatorMode(logger, embedded.Simulator.BaseAddress, EmbeddedSimulator.AppName, EmbeddedSimulator.Topic);
        }
        else
        {
            foreach (var apnsApp in registry.Apps)
            {
                LogAppConfigured(logger, apnsApp.Name, apnsApp.Topic, apnsApp.Environment);
            }
        }

        return app;
    }

    private static async Task<EmbeddedSimulator?> StartEmbeddedSimulatorIfWantedAsync(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PushGrpcOptions.SectionName).Get<PushGrpcOptions>() ?? new PushGrpcOptions();
        var wanted = options.Simulator.Enabled ?? (options.Apps.Count == 0 && builder.Environment.IsDevelopment());
        if (!wanted)
        {
            if (options.Apps.Count == 0)
            {
                throw new OptionsValidationException(PushGrpcOptions.SectionName, typeof(PushGrpcOptions),
                    ["No apps are configured (PushGrpc:Apps). Configure at least one app, or set PushGrpc:Simulator:Enabled=true to run against the embedded APNs simulator."]);
            }

            return null;
        }

        if (options.Simulator.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(PushGrpcOptions.SectionName, typeof(PushGrpcOptions), problems);
        }

        return await EmbeddedSimulator.StartAsync(builder.Configuration, options.Simulator).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1, EventName = "SimulatorMode", Level = LogLevel.Warning,
        Message = "Simulator mode: no Apple credentials configured, so notifications go to the embedded APNs simulator at {SimulatorAddress}, not to Apple. App \"{App}\" (topic {Topic}) is ready.")]
    private static partial void LogSimulatorMode(ILogger logger, Uri simulatorAddress, string app, string topic);

    [LoggerMessage(EventId = 2, EventName = "AppConfigured", Level = LogLevel.Information,
        Message = "App \"{App}\" configured: topic {Topic}, environment {Environment}")]
    private static partial void LogAppConfigured(ILogger logger, string app, string topic, ApnsEnvironment environment);
}
