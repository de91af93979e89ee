using Google.Protobuf.WellKnownTypes;
using PushGrpc.Apns;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Server.Dispatch;

/// <summary>Builds the DeliveryResult messages callers receive.</summary>
internal static class DeliveryResults
{
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
