using System.Text;
using PushGrpc.Apns;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Server.Mapping;

/// <summary>Resolves a proto <see cref="Notification"/> into exactly what APNs will receive.</summary>
internal static class NotificationPreparer
{
    /// <summary>
    /// Applies the push type, topic and priority defaults and builds the payload bytes. Never throws for bad input:
    /// problems are left for the validator to report (unknown app, undefined enum values, invalid raw payload).
    /// </summary>
    /// <param name="notification">The notification as the caller sent it.</param>
    /// <param name="appTopic">The configured app's default topic (bundle id); null when the app is unknown.</param>
    public static PreparedNotification Prepare(Notification notification, string? appTopic)
    {
        ArgumentNullException.ThrowIfNull(notification);

        byte[] payload;
        ApsKeys apsKeys;
        string? payloadError = null;
        string? payloadErrorPath = null;
        if (notification.RawPayload.Length > 0)
        {
            payload = Encoding.UTF8.GetBytes(notification.RawPayload);
            payloadError = RawPayloadInspector.Inspect(payload, out apsKeys);
            if (payloadError is not null)
            {
                payload = [];
                payloadErrorPath = "raw_payload";
            }
        }
        else if (!PayloadWriter.TryWrite(notification.Aps, notification.CustomData, out payload, out apsKeys, out var problem))
        {
            payloadError = problem!.Value.Message;
            payloadErrorPath = problem.Value.Path;
        }

        var broadcast = notification.ChannelId.Length > 0;
        var pushType = ResolvePushType(notification, apsKeys);
        return new PreparedNotification(
            notification,
            appFound: appTopic is not null,
            pushType,
            // A broadcast is addressed by the bare bundle id: APNs refuses a push type suffix there (TopicDisallowed).
            broadcast ? (notification.Topic.Length > 0 ? notification.Topic : appTopic ?? string.Empty)
                : ResolveTopic(notification.Topic, appTopic, pushType),
            // APNs requires apns-priority on a broadcast; 10 is what it assumes for a device push without one.
            broadcast && notification.Priority == Priority.Unspecified ? ApnsPriority.Immediate
                : ResolvePriority(notification.Priority, pushType),
            payload,
            apsKeys,
            payloadError,
            payloadErrorPath);
    }

    /// <summary>The APNs push type for a proto value; null for numbers the contract does not define.</summary>
    public static ApnsPushType? ToApnsPushType(PushType pushType) => pushType switch
    {
        PushType.Alert => ApnsPushType.Alert,
        PushType.Background => ApnsPushType.Background,
        PushType.Location => ApnsPushType.Location,
        PushType.Voip => ApnsPushType.Voip,
        PushType.Complication => ApnsPushType.Complication,
        PushType.Fileprovider => ApnsPushType.FileProvider,
        PushType.Mdm => ApnsPushType.Mdm,
        PushType.Liveactivity => ApnsPushType.LiveActivity,
        PushType.Pushtotalk => ApnsPushType.PushToTalk,
        PushType.Widgets => ApnsPushType.Widgets,
        PushType.Controls => ApnsPushType.Controls,
        _ => null,
    };

    /// <summary>The APNs priority for a proto value; null for unspecified and for numbers the contract does not define.</summary>
    public static ApnsPriority? ToApnsPriority(Priority priority) => priority switch
    {
        Priority.Minimal => ApnsPriority.Minimal,
        Priority.ConservePower => ApnsPriority.ConservePower,
        Priority.Immediate => ApnsPriority.Immediate,
        _ => null,
    };

    private static ApnsPushType ResolvePushType(Notification notification, ApsKeys apsKeys)
    {
        var requested = notification.PushType;
        if (requested != PushType.Unspecified)
        {
            // An undefined number falls back to alert only so that the topic can be resolved; the validator rejects it.
            return ToApnsPushType(requested) ?? ApnsPushType.Alert;
        }

        // Broadcasts and Live Activity events are liveactivity pushes: nothing else carries them.
        if (notification.ChannelId.Length > 0 || notification.Aps?.Event is LiveActivityEvent.Start or LiveActivityEvent.Update or LiveActivityEvent.End)
        {
            return ApnsPushType.LiveActivity;
        }

        // A silent update sent as "alert" may be delayed or dropped (apns-reference §1.4), so infer it.
        return (apsKeys & ApsKeys.ContentAvailable) != 0 && (apsKeys & ApsKeys.UserVisible) == 0
            ? ApnsPushType.Background
            : ApnsPushType.Alert;
    }

    private static string ResolveTopic(string requested, string? appTopic, ApnsPushType pushType)
    {
        if (requested.Length > 0)
        {
            return requested;
        }

        // An MDM topic comes from the MDM certificate, never from the bundle id; the validator asks for it explicitly.
        if (appTopic is null || pushType == ApnsPushType.Mdm)
        {
            return string.Empty;
        }

        var suffix = pushType.TopicSuffix();
        return suffix.Length == 0 ? appTopic : string.Concat(appTopic, suffix);
    }

    private static ApnsPriority? ResolvePriority(Priority requested, ApnsPushType pushType)
    {
        if (requested == Priority.Unspecified)
        {
            // Apple calls priority 10 on a background push an error, and 10 is what APNs assumes without the header.
            return pushType == ApnsPushType.Background ? ApnsPriority.ConservePower : null;
        }

        return ToApnsPriority(requested);
    }
}
