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

    /// <summary>A notification PushGrpc refused without sending it (validation, permission, rate limit).</summary>
    public static DeliveryResult Refused(string notificationId, string deviceToken, DeliveryStatus status, string message, string? reason, TimeSpan? retryAfter)
    {
        var result = new DeliveryResult
        {
            NotificationId = notificationId,
            DeviceToken = deviceToken,
            Status = status,
            Message = message,
            Reason = reason ?? string.Empty,
        };
        if (retryAfter is { } delay)
        {
            result.RetryAfter = Duration.FromTimeSpan(delay);
        }

        return result;
    }

    public static DeliveryResult Invalid(string notificationId, string deviceToken, string message) => new()
    {
        NotificationId = notificationId,
        DeviceToken = deviceToken,
        Status = DeliveryStatus.Invalid,
        Message = message,
    };

    public static DeliveryResult FromApns(string notificationId, string deviceToken, ApnsResponse response)
    {
        var result = new DeliveryResult
        {
            NotificationId = notificationId,
            DeviceToken = deviceToken,
            Status = response.Outcome switch
            {
                ApnsOutcome.Accepted => DeliveryStatus.Accepted,
                ApnsOutcome.Rejected => DeliveryStatus.Rejected,
                _ => DeliveryStatus.Failed,
            },
            ApnsId = response.ApnsId ?? string.Empty,
            ApnsUniqueId = response.ApnsUniqueId ?? string.Empty,
            HttpStatus = response.HttpStatus,
            Reason = response.ReasonText ?? string.Empty,
            Message = response.Error ?? string.Empty,
            Attempts = response.Attempts,
            ApnsDuration = Duration.FromTimeSpan(response.Duration),
            PossiblyDuplicated = response.PossiblyDuplicated,
        };
        if (response.TokenInvalidSince is { } since)
        {
            result.TokenInvalidSince = Timestamp.FromDateTimeOffset(since);
        }

        return result;
    }

    /// <summary>A FAILED result for a token whose notification got no verdict from APNs, saying why.</summary>
    public static DeliveryResult NotSent(string notificationId, string deviceToken, string message) => new()
    {
        NotificationId = notificationId,
        DeviceToken = deviceToken,
        Status = DeliveryStatus.Failed,
        Message = message,
    };
}
