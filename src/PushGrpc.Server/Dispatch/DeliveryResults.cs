using Google.Protobuf.WellKnownTypes;
using PushGrpc.Apns;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Server.Dispatch;

/// <summary>Builds the DeliveryResult messages callers receive.</summary>
internal static class DeliveryResults
{
    /// <summary>The reason of an INVALID result for an app the caller may not send for.</summary>
    public const string PermissionDeniedReason = "PermissionDenied";

    /// <summary>The reason of a FAILED result refused by a rate limit; retry_after says when to try again.</summary>
    public const string RateLimitedReason = "RateLimited";

    /// <summary>
    /// Who a notification's results are for: its device tokens, or its channel when it is a broadcast (a channel and
    /// no tokens). A notification naming neither still gets one result, so it reads as one empty recipient.
    /// </summary>
    public static IReadOnlyList<string> Recipients(Notification notification) =>
        IsBroadcast(notification) ? [notification.ChannelId]
        : notification.DeviceTokens.Count == 0 ? [string.Empty]
        : notification.DeviceTokens;

    /// <summary>True for a notification addressed to a channel rather than to device tokens.</summary>
    public static bool IsBroadcast(Notification notification) =>
        notification.ChannelId.Length > 0 && notification.DeviceTokens.Count == 0;

    /// <summary>A notification PushGrpc refused without sending it (validation, permission, rate limit).</summary>
    public static DeliveryResult Refused(Notification notification, string recipient, DeliveryStatus status, string message, string? reason, TimeSpan? retryAfter)
    {
        var result = new DeliveryResult
        {
            Status = status,
            Message = message,
            Reason = reason ?? string.Empty,
        };
        Address(result, notification, recipient);
        if (retryAfter is { } delay)
        {
            result.RetryAfter = Duration.FromTimeSpan(delay);
        }

        return result;
    }

    /// <summary>An INVALID result for a stream item that holds no notification at all.</summary>
    public static DeliveryResult Missing(string message) => new()
    {
        Status = DeliveryStatus.Invalid,
        Message = message,
    };

    /// <summary>An INVALID result for a notification found invalid after admission (a broadcast's channel policy).</summary>
    public static DeliveryResult Invalid(Notification notification, string recipient, string message) =>
        Address(new DeliveryResult { Status = DeliveryStatus.Invalid, Message = message }, notification, recipient);

    public static DeliveryResult FromApns(Notification notification, string recipient, ApnsResponse response)
    {
        var result = new DeliveryResult
        {
            Status = ToStatus(response.Outcome),
            // A broadcast has no apns-id, only the apns-request-id below (which the library also reports as ApnsId).
            ApnsId = IsBroadcast(notification) ? string.Empty : response.ApnsId ?? string.Empty,
            ApnsUniqueId = response.ApnsUniqueId ?? string.Empty,
            HttpStatus = response.HttpStatus,
            Reason = response.ReasonText ?? string.Empty,
            Message = response.Error ?? string.Empty,
            Attempts = response.Attempts,
            ApnsDuration = Duration.FromTimeSpan(response.Duration),
            PossiblyDuplicated = response.PossiblyDuplicated,
            ApnsRequestId = response.ApnsRequestId ?? string.Empty,
        };
        Address(result, notification, recipient);
        if (response.TokenInvalidSince is { } since)
        {
            result.TokenInvalidSince = Timestamp.FromDateTimeOffset(since);
        }

        return result;
    }

    /// <summary>
    /// The result of a broadcast that was not sent because reading its channel's storage policy failed: the read's
    /// status, reason and request id, so ChannelNotRegistered reads as it would from the broadcast itself.
    /// </summary>
    public static DeliveryResult FromChannelRead(Notification notification, ApnsChannelResponse read)
    {
        var result = new DeliveryResult
        {
            Status = ToStatus(read.Outcome),
            ApnsRequestId = read.ApnsRequestId ?? string.Empty,
            HttpStatus = read.HttpStatus,
            Reason = read.ReasonText ?? string.Empty,
            Message = $"reading the channel's storage policy before broadcasting: {read.Error ?? read.ReasonText ?? "no answer"}; nothing was broadcast",
            Attempts = read.Attempts,
            ApnsDuration = Duration.FromTimeSpan(read.Duration),
        };
        return Address(result, notification, notification.ChannelId);
    }

    /// <summary>ACCEPTED, REJECTED or FAILED for an APNs outcome.</summary>
    public static DeliveryStatus ToStatus(ApnsOutcome outcome) => outcome switch
    {
        ApnsOutcome.Accepted => DeliveryStatus.Accepted,
        ApnsOutcome.Rejected => DeliveryStatus.Rejected,
        _ => DeliveryStatus.Failed,
    };

    /// <summary>A FAILED result for a token whose notification got no verdict from APNs, saying why.</summary>
    public static DeliveryResult NotSent(Notification notification, string recipient, string message) =>
        Address(new DeliveryResult { Status = DeliveryStatus.Failed, Message = message }, notification, recipient);

    /// <summary>
    /// Echoes the caller's notification id and says who the result is for: the device token, or for a broadcast
    /// the channel. A notification that names a channel always has it echoed, even when its tokens made it invalid.
    /// </summary>
    private static DeliveryResult Address(DeliveryResult result, Notification notification, string recipient)
    {
        result.NotificationId = notification.Id;
        result.ChannelId = notification.ChannelId;
        result.DeviceToken = IsBroadcast(notification) ? string.Empty : recipient;
        return result;
    }
}
