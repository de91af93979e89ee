using PushGrpc.ApnsSimulator;
using PushGrpc.ApnsSimulator.Internal;

// Standalone APNs simulator. The generic host supplies configuration (appsettings.json, Simulator__* environment
// variables, --Simulator:Key=value arguments), console logging and Ctrl+C; the simulator itself is the library type.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
using var host = builder.Build();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
await using ApnsSimulator simulator = await StandaloneHost.StartAsync(
    builder.Configuration,
    host.Services.GetRequiredService<ILoggerFactory>(),
    lifetime.ApplicationStopping);
await host.RunAsync();
