namespace PushGrpc.Apns;

/// <summary>Sends notifications to APNs for one credential and environment.</summary>
public interface IApnsClient : IAsyncDisposable
{
    /// <summary>
    /// Sends <paramref name="notification"/> to one device token and returns exactly one <see cref="ApnsResponse"/>,
    /// retries included. Never throws for APNs answers or transport failures (those come back as a response) and
    /// never waits without bound. Throws <see cref="OperationCanceledException"/> only when
    /// <paramref name="cancellationToken"/> is cancelled; if a request had been written by then, APNs may have
    /// delivered it.
    /// </summary>
    Task<ApnsResponse> SendAsync(ApnsNotification notification, string deviceToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a Live Activity broadcast to a channel: POST /4/broadcasts/apps/&lt;bundleId&gt; on the push hosts
    /// (apns-reference §7.2). <paramref name="notification"/>'s Topic is the bundle id (no ".push-type.liveactivity"
    /// suffix); its PushType must be LiveActivity and its Expiration and Priority must be set (APNs requires both
    /// headers for broadcasts): <see cref="ArgumentException"/> otherwise. Its ApnsId, if set, is sent as
    /// apns-request-id. Same result and cancellation rules as <see cref="SendAsync"/>.
    /// </summary>
    /// <remarks>
    /// The default implementation throws <see cref="NotSupportedException"/> so that implementations written before
    /// broadcasts existed keep compiling; <see cref="ApnsClient"/> implements it.
    /// </remarks>
    Task<ApnsResponse> SendToChannelAsync(ApnsNotification notification, string channelId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(GetType().Name + " does not implement broadcast sends.");
}
