using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PushGrpc.Server.Hosting;

/// <summary>
/// /healthz (liveness: the process answers; no check runs) and /readyz (readiness: 200 while at least one app can
/// send, 503 when none can or the gateway is shutting down), with a JSON body naming each app's status.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteAsync,
        });
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(AppsHealthCheck.ReadyTag),
            ResponseWriter = WriteAsync,
        });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString(),
        };
        foreach (var (name, entry) in report.Entries)
        {
            body[name] = new Dictionary<string, object?>
            {
                ["status"] = entry.Status.ToString(),
                ["description"] = entry.Description,
                ["apps"] = entry.Data.Count == 0 ? null : entry.Data,
            };
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
}
