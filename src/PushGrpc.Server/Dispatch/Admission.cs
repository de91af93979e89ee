using PushGrpc.Apns;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Security;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// A notification after validation: either ready to send (App and Apns set) or refused (Error set). One admission
/// serves every device token of the notification.
/// </summary>
internal sealed class Admission
{
    private Admission(Notification notification, ApnsApp? app, ApnsNotification? apns, string? error,
        DeliveryStatus refusedStatus = DeliveryStatus.Invalid, string? reason = null, TimeSpan? retryAfter = null)
    {
        Notification = notification;
        App = app;
        Apns = apns;
        Error = error;
        RefusedStatus = refusedStatus;
        Reason = reason;
        RetryAfter = retryAfter;
        IsBroadcast = DeliveryResults.IsBroadcast(notification);
    }

    public Notification Notification { get; }

    public ApnsApp? App { get; }

    public ApnsNotification? Apns { get; }

    /// <summary>Why the notification was refused (validation errors naming the fields, permission, rate limit); null when admitted.</summary>
    public string? Error { get; }

    public bool IsValid => Error is null;

    /// <summary>True for a notification addressed to a channel rather than to device tokens.</summary>
    public bool IsBroadcast { get; }

    /// <summary>The status of a refusal: INVALID, or FAILED for a rate limit (retry later).</summary>
    public DeliveryStatus RefusedStatus { get; }

    /// <summary>PushGrpc's reason for a refusal other than validation: "PermissionDenied" or "RateLimited".</summary>
    public string? Reason { get; }

    /// <summary>Set when a rate limit refused the notification: when to try again.</summary>
    public TimeSpan? RetryAfter { get; }

    public bool IsRateLimited => RetryAfter is not null;

    public static Admission Admitted(Notification notification, ApnsApp app, ApnsNotification apns) =>
        new(notification, app, apns, null);

    public static Admission Refused(Notification notification, string error) => new(notification, null, null, error);

    public static Admission PermissionDenied(Notification notification, Caller caller) =>
        new(notification, null, null, $"permission denied: {caller} may not send for app \"{notification.App}\"",
            DeliveryStatus.Invalid, DeliveryResults.PermissionDeniedReason);

    public static Admission RateLimited(Notification notification, string what, TimeSpan retryAfter) =>
        new(notification, null, null, RateLimitedMessage(what, retryAfter), DeliveryStatus.Failed, DeliveryResults.RateLimitedReason, retryAfter);

    /// <summary>What a caller refused by a rate limit is told (notifications and channel calls alike).</summary>
    public static string RateLimitedMessage(string what, TimeSpan retryAfter) =>
        $"{what}; nothing was sent, retry after {Math.Ceiling(retryAfter.TotalMilliseconds):0} ms";

    /// <summary>Who the notification's results are for: its device tokens, or its channel (see <see cref="DeliveryResults.Recipients"/>).</summary>
    public IReadOnlyList<string> Recipients => DeliveryResults.Recipients(Notification);

    /// <summary>The result a refused notification reports for <paramref name="recipient"/>.</summary>
    public DeliveryResult RefusedResult(string recipient) =>
        DeliveryResults.Refused(Notification, recipient, RefusedStatus, Error!, Reason, RetryAfter);

    /// <summary>
    /// The results a refused notification owes: one per recipient, or a single one (with no token) when it named
    /// none, so even an empty notification is answered.
    /// </summary>
    public IEnumerable<DeliveryResult> RefusedResults()
    {
        foreach (var recipient in Recipients)
        {
            yield return RefusedResult(recipient);
        }
    }
}
