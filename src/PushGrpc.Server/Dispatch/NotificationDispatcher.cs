using Microsoft.Extensions.Options;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Mapping;
using PushGrpc.Server.Observability;
using PushGrpc.Server.Options;
using PushGrpc.Server.Security;
using PushGrpc.Server.Validation;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// The per-notification path shared by Send and SendStream: validate and map once, then send to each device token
/// under the global in-flight bound. Every token gets exactly one result; nothing here throws.
/// </summary>
internal sealed partial class NotificationDispatcher : IDisposable
{
    private readonly ApnsAppRegistry _apps;
    private readonly PreparedNotificationValidator _validator;
    private readonly GatewayShutdown _shutdown;
    private readonly SemaphoreSlim _globalSlots;
    private readonly ILogger<NotificationDispatcher> _logger;
    private readonly GatewayTracing _tracing;
    private readonly ChannelBroadcaster _broadcaster;

    public NotificationDispatcher(
        ApnsAppRegistry apps,
        ChannelBroadcaster broadcaster,
        PreparedNotificationValidator validator,
        GatewayShutdown shutdown,
        IOptions<PushGrpcOptions> options,
        ILogger<NotificationDispatcher> logger,
        GatewayMetrics metrics,
        GatewayTracing tracing)
    {
        Metrics = metrics;
        _tracing = tracing;
        _apps = apps;
        _broadcaster = broadcaster;
        _validator = validator;
        _shutdown = shutdown;
        _logger = logger;
        var limit = options.Value.Dispatch.MaxInFlightGlobal;
        _globalSlots = new SemaphoreSlim(limit, limit);
        metrics.ObserveGlobalInFlight(() => limit - _globalSlots.CurrentCount, limit);
    }

    public GatewayMetrics Metrics { get; }

    /// <summary>
    /// Decides whether <paramref name="notification"/> is sent: the caller's app scope first (so a caller learns
    /// nothing about apps it may not use), then validation, then the caller's and the app's rate limits (so only a
    /// notification that would be sent uses up a permit). A null caller is not checked.
    /// </summary>
    public Admission Admit(Notification notification, Caller? caller = null)
    {
        if (caller is not null && notification.App.Length > 0 && !caller.MayUse(notification.App))
        {
            return Admission.PermissionDenied(notification, caller);
        }

        var app = _apps.Find(notification.App);
        var prepared = NotificationPreparer.Prepare(notification, app?.Topic);
        if (!_validator.IsPlainlyValid(prepared) && _validator.Validate(prepared) is { IsValid: false } validation)
        {
            return Admission.Refused(notification, PreparedNotificationValidator.Describe(validation));
        }

        if (RateLimits.TryAcquire(caller?.Limiter) is { } callerRetryAfter)
        {
            return Admission.RateLimited(notification, $"the rate limit of {caller} is reached", callerRetryAfter);
        }

        if (RateLimits.TryAcquire(app!.Limiter) is { } appRetryAfter)
        {
            return Admission.RateLimited(notification, $"the rate limit of app \"{app.Name}\" is reached", appRetryAfter);
        }

        return Admission.Admitted(notification, app, prepared.ToApnsNotification());
    }

    /// <summary>
    /// Sends an admitted notification to one recipient (a device token, or the channel of a broadcast) and returns its result. <paramref name="notSentIfCancelled"/>
    /// (the caller going away) only stops a send that has not started: once a request is under way it runs to its
    /// answer, so its outcome is known, unless the gateway's shutdown drain time runs out first.
    /// </summary>
    public Task<DeliveryResult> SendAsync(Admission admission, string recipient, CancellationToken notSentIfCancelled) =>
        _tracing.ShouldTrace()
            ? SendTracedAsync(admission, recipient, notSentIfCancelled)
            : SendUntracedAsync(admission, recipient, notSentIfCancelled);

    private async Task<DeliveryResult> SendTracedAsync(Admission admission, string recipient, CancellationToken notSentIfCancelled)
    {
        var activity = GatewayTracing.StartSend(admission);
        var result = await SendUntracedAsync(admission, recipient, notSentIfCancelled).ConfigureAwait(false);
        GatewayTracing.Complete(activity, result);
        return result;
    }

    private async Task<DeliveryResult> SendUntracedAsync(Admission admission, string recipient, CancellationToken notSentIfCancelled)
    {
        var notification = admission.Notification;
        try
        {
            await _globalSlots.WaitAsync(notSentIfCancelled).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return DeliveryResults.NotSent(notification, recipient, "the call was cancelled before this notification was sent");
        }

        try
        {
            if (admission.IsBroadcast)
            {
                return await _broadcaster.SendAsync(admission, _shutdown.DrainExpired).ConfigureAwait(false);
            }

            var response = await admission.App!.Client
                .SendAsync(admission.Apns!, recipient, _shutdown.DrainExpired)
                .ConfigureAwait(false);
            return DeliveryResults.FromApns(notification, recipient, response);
        }
        catch (OperationCanceledException) when (_shutdown.DrainExpired.IsCancellationRequested)
        {
            return DeliveryResults.NotSent(notification, recipient,
                "the gateway shut down before APNs answered; the notification may or may not have been delivered");
        }
        catch (Exception ex)
        {
            // The APNs client reports every APNs and transport outcome as a response; anything else is a bug, and
            // the caller must still get its result.
            LogSendCrashed(ex, admission.App!.Name);
            return DeliveryResults.NotSent(notification, recipient, "internal error in the gateway; the notification may not have been sent");
        }
        finally
        {
            _globalSlots.Release();
        }
    }

    public void Dispose() => _globalSlots.Dispose();

    [LoggerMessage(EventId = 1001, EventName = "SendCrashed", Level = LogLevel.Error,
        Message = "Sending a notification for app {App} failed unexpectedly")]
    private partial void LogSendCrashed(Exception exception, string app);
}
