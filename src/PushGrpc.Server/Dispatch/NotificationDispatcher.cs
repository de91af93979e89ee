using System.Diagnostics;
using System.Runtime.CompilerServices;
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
/// once there is room for it: a unit of its app's APNs pool capacity and a global slot. Every token gets exactly one
/// result; nothing here throws but a cancelled wait for room.
/// </summary>
internal sealed partial class NotificationDispatcher
{
    private readonly ApnsAppRegistry _apps;
    private readonly PreparedNotificationValidator _validator;
    private readonly GatewayShutdown _shutdown;
    private readonly SendCapacity _global;
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
        _global = new SendCapacity(options.Value.Dispatch.MaxInFlightGlobal);
        metrics.ObserveGlobalInFlight(() => _global.InFlight, _global.Limit);
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
    /// Takes room for one send of an admitted notification: a unit of its APNs client's <see cref="SendCapacity"/>,
    /// then a global slot (in that order, so a reader waiting for a full pool holds nothing other apps need). Room
    /// that is free is taken at once; otherwise this waits, and throws <see cref="OperationCanceledException"/>
    /// holding nothing if <paramref name="stopWaiting"/> fires first. Hand the room to <see cref="SendReservedAsync"/>.
    /// </summary>
    public async ValueTask ReserveAsync(Admission admission, CancellationToken stopWaiting)
    {
        var pool = admission.App!.Capacity;
        await pool.WaitAsync(stopWaiting).ConfigureAwait(false);
        try
        {
            await _global.WaitAsync(stopWaiting).ConfigureAwait(false);
        }
        catch
        {
            pool.Release();
            throw;
        }
    }

    /// <summary>
    /// Sends an admitted notification to one recipient (a device token, or the channel of a broadcast) with room
    /// taken by <see cref="ReserveAsync"/>, and returns its result. The room is given back as soon as the APNs outcome
    /// is known, before the result goes anywhere, so a caller slow to read its results holds no room. Once started a
    /// request runs to its answer, unless the gateway's shutdown drain time runs out first. The result is a pooled
    /// ValueTask: await it once.
    /// </summary>
    public ValueTask<DeliveryResult> SendReservedAsync(Admission admission, string recipient) =>
        SendReservedAsync(admission, recipient, _tracing.ShouldTrace());

    /// <summary>
    /// Waits for room (<see cref="ReserveAsync"/>), then sends: for callers that wait for the result anyway (unary
    /// Send, the HTTP/JSON route). When the caller goes away or the gateway starts stopping before there is room, the
    /// result is FAILED and nothing is sent.
    /// </summary>
    public Task<DeliveryResult> SendAsync(Admission admission, string recipient, CancellationToken callerGone)
    {
        if (callerGone.IsCancellationRequested)
        {
            return Task.FromResult(NotStarted(admission.Notification, recipient, callerGone));
        }

        // Room is nearly always free: take it without linking tokens or another async layer.
        var pool = admission.App!.Capacity;
        if (pool.TryTake())
        {
            if (_global.TryTake())
            {
                return SendReservedAsync(admission, recipient).AsTask();
            }

            pool.Release();
        }

        return WaitThenSendAsync(admission, recipient, callerGone);
    }

    private async Task<DeliveryResult> WaitThenSendAsync(Admission admission, string recipient, CancellationToken callerGone)
    {
        using (var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(callerGone, _shutdown.Stopping))
        {
            try
            {
                await ReserveAsync(admission, stopWaiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return NotStarted(admission.Notification, recipient, callerGone);
            }
        }

        return await SendReservedAsync(admission, recipient).ConfigureAwait(false);
    }

    /// <summary>The result of a send that never started: its caller went away, or the gateway began stopping, while it waited for room.</summary>
    public static DeliveryResult NotStarted(Notification notification, string recipient, CancellationToken callerGone) =>
        DeliveryResults.NotSent(notification, recipient, callerGone.IsCancellationRequested
            ? "the call was cancelled before this notification was sent"
            : "the gateway is shutting down and did not send this notification; send it again");

    // Every notification of a SendStream passes here: the state machine is pooled rather than allocated per send.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<DeliveryResult> SendReservedAsync(Admission admission, string recipient, bool traced)
    {
        var notification = admission.Notification;
        var startedAt = Stopwatch.GetTimestamp();
        Activity? activity = null;
        DeliveryResult result;
        try
        {
            // Inside the try: whatever happens from here on, the room is given back and the caller gets a result.
            activity = traced ? GatewayTracing.StartSend(admission) : null;
            result = admission.IsBroadcast
                ? await _broadcaster.SendAsync(admission, _shutdown.DrainExpired).ConfigureAwait(false)
                : DeliveryResults.FromApns(notification, recipient,
                    await admission.App!.Client.SendOnceAsync(admission.Apns!, recipient, _shutdown.DrainExpired).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_shutdown.DrainExpired.IsCancellationRequested)
        {
            result = DeliveryResults.NotSent(notification, recipient,
                "the gateway shut down before APNs answered; the notification may or may not have been delivered");
        }
        catch (Exception ex)
        {
            // The APNs client reports every APNs and transport outcome as a response; anything else is a bug, and
            // the caller must still get its result.
            LogSendCrashed(ex, admission.App!.Name);
            result = DeliveryResults.NotSent(notification, recipient, "internal error in the gateway; the notification may not have been sent");
        }

        _global.Release();

        // Only one request answered by APNs tells how long the push path takes: not an error without an answer (a
        // credential refusal is quick for reasons unrelated to load), not resends (their backoff), not a broadcast
        // (it may include a read of the channel's policy from the management host).
        var capacity = admission.App!.Capacity;
        if (result is { HttpStatus: > 0, Attempts: 1 } && !admission.IsBroadcast)
        {
            capacity.Release(startedAt);
        }
        else
        {
            capacity.Release();
        }

        GatewayTracing.Complete(activity, result);
        return result;
    }

    [LoggerMessage(EventId = 1001, EventName = "SendCrashed", Level = LogLevel.Error,
        Message = "Sending a notification for app {App} failed unexpectedly")]
    private partial void LogSendCrashed(Exception exception, string app);
}
