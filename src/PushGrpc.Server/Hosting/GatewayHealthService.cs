using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PushGrpc.Server.Dispatch;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace PushGrpc.Server.Hosting;

/// <summary>
/// grpc.health.v1.Health. Service "" (and "pushgrpc.v1.PushService") is the gateway's readiness: SERVING while at
/// least one app can send and the gateway is not shutting down. Service "&lt;app&gt;" is that app: NOT_SERVING while
/// APNs rejects its credential or its pool cannot connect. Apps come and go with configuration reloads, so names are
/// looked up on every call; an unknown name is NOT_FOUND (Check) or SERVICE_UNKNOWN (Watch).
/// </summary>
internal sealed class GatewayHealthService(
    HealthCheckService checks,
    AppHealth apps,
    GatewayShutdown shutdown,
    TimeProvider timeProvider) : Health.HealthBase
{
    public const string PushServiceName = "pushgrpc.v1.PushService";

    /// <summary>How often a Watch looks for a change.</summary>
    internal static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    public override async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        var status = await StatusOfAsync(request.Service, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"unknown service \"{request.Service}\""));
        return new HealthCheckResponse { Status = status };
    }

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, shutdown.Stopping);
        ServingStatus? last = null;
        try
        {
            while (!ended.IsCancellationRequested)
            {
                var status = await StatusOfAsync(request.Service, ended.Token).ConfigureAwait(false) ?? ServingStatus.ServiceUnknown;
                if (status != last)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, ended.Token).ConfigureAwait(false);
                    last = status;
                }

                await Task.Delay(WatchInterval, timeProvider, ended.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The watcher left, or the gateway is stopping: tell a watcher that stays that it should go elsewhere.
        }

        if (!context.CancellationToken.IsCancellationRequested && last != ServingStatus.NotServing)
        {
            await responseStream.WriteAsync(new HealthCheckResponse { Status = ServingStatus.NotServing }).ConfigureAwait(false);
        }
    }

    private async Task<ServingStatus?> StatusOfAsync(string service, CancellationToken cancellationToken)
    {
        if (service.Length == 0 || service == PushServiceName)
        {
            var report = await checks.CheckHealthAsync(r => r.Tags.Contains(AppsHealthCheck.ReadyTag), cancellationToken).ConfigureAwait(false);
            return report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving;
        }

        return apps.Check(service) switch
        {
            null => null,
            { Serving: true } => ServingStatus.Serving,
            _ => ServingStatus.NotServing,
        };
    }
}
