using PushGrpc.Contracts.V1;
using PushGrpc.Server.Mapping;
using PushGrpc.Server.Options;
using PushGrpc.Server.Validation;
using Microsoft.Extensions.Options;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// The per-notification path shared by Send and SendStream: validate and map once, then send to each device token
/// under the global in-flight bound. Every token gets exactly one result; nothing here throws for APNs outcomes.
/// </summary>
internal sealed partial class NotificationDispatcher : IDisposable
{
    private readonly ApnsAppRegistry _apps;
    private readonly PreparedNotificationValidator _validator;
    private readonly SemaphoreSlim _globalSlots;
    private readonly ILogger<NotificationDispatcher> _logger;

    public NotificationDispatcher(
        ApnsAppRegistry apps,
        PreparedNotificationValidator validator,
        IOptions<PushGrpcOptions> options,
        ILogger<NotificationDispatcher> logger)
    {
        _apps = apps;
        _validator = validator;
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
    /// Sends an admitted notification to one token. <paramref name="cancellationToken"/> only stops waiting for a
    /// global slot: once a request is under way it runs to its answer or its timeout, so its result is known.
    /// </summary>
    public async Task<DeliveryResult> SendAsync(Admission admission, string deviceToken, CancellationToken cancellationToken)
    {
        var notificationId = admission.Notification.Id;
        await _globalSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await admission.App!.Client
                .SendAsync(admission.Apns!, deviceToken, CancellationToken.None)
                .ConfigureAwait(false);
            return DeliveryResults.FromApns(notificationId, deviceToken, response);
        }
        catch (Exception ex)
        {
            // The APNs client reports every APNs and transport outcome as a response; anything else is a bug, and
            // the caller must still get its result.
            LogSendCrashed(ex, admission.App!.Name);
            return DeliveryResults.InternalFailure(notificationId, deviceToken);
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
