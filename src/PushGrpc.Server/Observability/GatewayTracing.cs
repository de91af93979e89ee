using System.Diagnostics;
using Microsoft.Extensions.Options;
using PushGrpc.Apns;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.Server.Observability;

/// <summary>
/// The gateway's spans (source <see cref="SourceName"/>): one per notification and device token sent to APNs, for a
/// sampled share of them (<see cref="ObservabilityOptions.TracingOptions.NotificationSampleRatio"/>), as children of
/// the gRPC call's span. Spans carry the app, push type, outcome and apns-id, never the device token.
/// </summary>
internal sealed class GatewayTracing(IOptions<ObservabilityOptions> options)
{
    public const string SourceName = "PushGrpc.Server";

    private static readonly ActivitySource Source = new(SourceName);

    private readonly double _ratio = Math.Clamp(options.Value.Tracing.NotificationSampleRatio, 0, 1);

    /// <summary>True when this send should get a span: someone listens, and it falls in the sampled share.</summary>
    public bool ShouldTrace() =>
        _ratio > 0 && Source.HasListeners() && (_ratio >= 1 || Random.Shared.NextDouble() < _ratio);

    /// <summary>
    /// Starts the span of one send. Call it inside the async method that awaits the send, so the span is current for
    /// that send only.
    /// </summary>
    public static Activity? StartSend(Admission admission)
    {
        var activity = Source.StartActivity("pushgrpc.send", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("pushgrpc.app", admission.App?.Name);
            activity.SetTag("pushgrpc.push_type", admission.Apns?.PushType.ToHeaderValue());
        }

        return activity;
    }

    public static void Complete(Activity? activity, DeliveryResult result)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("pushgrpc.status", result.Status.ToString());
        activity.SetTag("apns.id", result.ApnsId);
        activity.SetTag("apns.http_status", result.HttpStatus);
        activity.SetTag("apns.reason", result.Reason);
        activity.SetTag("apns.attempts", result.Attempts);
        if (result.Status == DeliveryStatus.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, result.Message);
        }

        activity.Dispose();
    }
}
