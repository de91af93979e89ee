using Microsoft.Extensions.Diagnostics.HealthChecks;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.Server.Hosting;

/// <summary>Serving once every configured app has its APNs client.</summary>
internal sealed class AppsHealthCheck(ApnsAppRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(registry.Apps.Any()
            ? HealthCheckResult.Healthy($"{registry.Apps.Count()} app(s) configured")
            : HealthCheckResult.Unhealthy("no apps configured"));
}
