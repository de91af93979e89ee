using Microsoft.Extensions.Options;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Mapping;
using PushGrpc.Server.Options;
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

    public NotificationDispatcher(
        ApnsAppRegistry apps,
        PreparedNotificationValidator validator,
        GatewayShutdown shutdown,
        IOptions<PushGrpcOptions> options,
        ILogger<NotificationDispatcher> logger)
    {
        _apps = apps;
        _validator = validator;
        _shutdown = shutdown;
        _logger = logger;
        var limit = options.Value.Dispatch.MaxInFlightGlobal;
        _globalSlots = new SemaphoreSlim(limit, limit);
    }

    public Admission Admit(Notification notification)
    {
        var app = _apps.Find(notification.App);
        var prepared = NotificationPreparer.Prepare(notification, app?.Topic);
        var validation = _validator.Validate(prepared);
        return validation.IsValid
            ? Admission.Admitted(notification, app!, prepared.ToApnsNotification())
            : Admission.Refused(notification, PreparedNotificationValidator.Describe(validation));
    }

    /// <summary>
    /// Sends an admitted notification to one token and returns its result. <paramref name="notSentIfCancelled"/>
    /// (the caller going away) only stops a send that has not started: once a request is under way it runs to its
    /// answer, so its outcome is known, unless the gateway's shutdown drain time runs out first.
    /// </summary>
    public async Task<DeliveryResult> SendAsync(Admission admission, string deviceToken, CancellationToken notSentIfCancelled)
    {
        var notificationId = admission.Notification.Id;
        try
        {
            await _globalSlots.WaitAsync(notSentIfCancelled).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return DeliveryResults.NotSent(notificationId, deviceToken, "the call was cancelled before this notification was sent");
        }

        try
        {
            var response = await admission.App!.Client
                .SendAsync(admission.Apns!, deviceToken, _shutdown.DrainExpired)
                .ConfigureAwait(false);
            return DeliveryResults.FromApns(notificationId, deviceToken, response);
        }
        catch (OperationCanceledException) when (_shutdown.DrainExpired.IsCancellationRequested)
        {
            return DeliveryResults.NotSent(notificationId, deviceToken,
                "the gateway shut down before APNs answered; the notification may or may not have been delivered");
        }
        catch (Exception ex)
        {
            // The APNs client reports every APNs and transport outcome as a response; anything else is a bug, and
            // the caller must still get its result.
            LogSendCrashed(ex, admission.App!.Name);
            return DeliveryResults.NotSent(notificationId, deviceToken, "internal error in the gateway; the notification may not have been sent");
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
