using System.Text;
using PushGrpc.Apns;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Mapping;

namespace PushGrpc.Server.Validation;

/// <summary>
/// A fast path in front of <see cref="PreparedNotificationValidator"/>. FluentValidation costs microseconds and about
/// 1 KB per notification (a context, a message formatter, per-rule plumbing) even when every rule passes, which is
/// nearly every time. This applies the same rules to the common notification (a known app, a few distinct tokens,
/// no broadcast, no live-activity event) without allocating, and only ever answers "plainly valid": a notification
/// it does not cover or that breaks a rule goes to the full validator, which alone words the field-named messages.
/// So it must never be looser than the validator; the validator's tests run every case through both
/// (PreparedNotificationValidatorTests).
/// </summary>
internal static class CommonCaseCheck
{
    public static bool IsPlainlyValid(PreparedNotification prepared, long nowUnixSeconds)
    {
        var source = prepared.Source;
        return source.App.Length > 0 && prepared.AppFound
            && !prepared.IsBroadcast
            && HasDistinctDeviceTokens(source.DeviceTokens)
            && Enum.IsDefined(source.PushType)
            && IsPriorityAllowed(source.Priority, prepared.PushType)
            && prepared.Topic.Length > 0 && prepared.PushType.TopicMatches(prepared.Topic)
            && (source.CollapseId.Length == 0 || Encoding.UTF8.GetByteCount(source.CollapseId) <= PreparedNotificationValidator.MaxCollapseIdBytes)
            && source.ApnsId.Length == 0
            && (!source.HasExpiration || source.Expiration == 0 || source.Expiration >= nowUnixSeconds)
            && IsPayloadPlainlyValid(prepared)
            && source.CustomData is null
            && (source.Aps is null || IsApsPlainlyValid(source.Aps, prepared.PushType));
    }

    private static bool HasDistinctDeviceTokens(IList<string> tokens)
    {
        // Larger multicasts take the validator's dictionary-based duplicate check.
        if (tokens.Count is 0 or > PreparedNotificationValidator.SmallMulticast)
        {
            return false;
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            if (!PreparedNotificationValidator.IsDeviceToken(tokens[i]) || PreparedNotificationValidator.IndexOfEarlier(tokens, i) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPriorityAllowed(Priority priority, ApnsPushType pushType) =>
        Enum.IsDefined(priority) && (pushType != ApnsPushType.Background || priority is Priority.Unspecified or Priority.ConservePower);

    private static bool IsPayloadPlainlyValid(PreparedNotification prepared) =>
        prepared.PayloadError is null
        && !prepared.IsRawPayload
        && prepared.Payload.Length <= prepared.MaxPayloadBytes
        && (prepared.PushType != ApnsPushType.Background || (prepared.ApsKeys & ApsKeys.UserVisible) == 0);

    // Relevance scores, critical sounds and live-activity events have range and presence rules: the validator judges them.
    private static bool IsApsPlainlyValid(Aps aps, ApnsPushType pushType) =>
        pushType != ApnsPushType.LiveActivity
        && !aps.HasRelevanceScore
        && aps.SoundCase != Aps.SoundOneofCase.CriticalSound
        && aps.Event == LiveActivityEvent.Unspecified
        && !aps.InputPushToken
        && aps.InputPushChannel.Length == 0;
}
