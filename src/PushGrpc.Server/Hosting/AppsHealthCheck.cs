using Microsoft.Extensions.Diagnostics.HealthChecks;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.Server.Hosting;

/// <summary>
/// Readiness: Healthy when every app can send, Degraded when some cannot (the gateway still serves the others, so
/// it stays in the load balancer), Unhealthy when none can or the gateway is shutting down.
/// </summary>
internal sealed class AppsHealthCheck(AppHealth health, GatewayShutdown shutdown) : IHealthCheck
{
    public const string Name = "apns-apps";
    public const string ReadyTag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (shutdown.Stopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the gateway is shutting down"));
        }

        var apps = health.CheckAll();
        var data = apps.ToDictionary(a => a.App, a => (object)(a.Serving ? "SERVING" : "NOT_SERVING: " + a.Detail), StringComparer.Ordinal);
        var serving = apps.Count(a => a.Serving);
        var result = apps.Count == 0 ? HealthCheckResult.Unhealthy("no apps configured")
            : serving == apps.Count ? HealthCheckResult.Healthy($"{apps.Count} app(s) serving", data)
            : serving > 0 ? HealthCheckResult.Degraded($"{apps.Count - serving} of {apps.Count} app(s) not serving", data: data)
            : HealthCheckResult.Unhealthy("no app is serving", data: data);
        return Task.FromResult(result);
    }
}
