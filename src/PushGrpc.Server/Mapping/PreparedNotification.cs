using PushGrpc.Apns;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Server.Mapping;

/// <summary>
/// A <see cref="Notification"/> resolved for sending: push type, topic and priority defaults applied and the exact
/// payload bytes built. Created by <see cref="NotificationPreparer"/>, judged by the validator, then sent to every
/// device token as one <see cref="ApnsNotification"/>.
/// </summary>
internal sealed class PreparedNotification
{
    // apns-reference §7.2.
    private const int BroadcastMaxPayloadBytes = 5120;

    private ApnsNotification? _apnsNotification;

    public PreparedNotification(
        Notification source,
        bool appFound,
        ApnsPushType pushType,
        string topic,
        ApnsPriority? priority,
        ReadOnlyMemory<byte> payload,
        ApsKeys apsKeys,
        string? payloadError = null,
        string? payloadErrorPath = null)
    {
        Source = source;
        AppFound = appFound;
        PushType = pushType;
        Topic = topic;
        Priority = priority;
        Payload = payload;
        ApsKeys = apsKeys;
        PayloadError = payloadError;
        PayloadErrorPath = payloadError is null ? null : payloadErrorPath;
    }

    /// <summary>The notification as the caller sent it.</summary>
    public Notification Source { get; }

    /// <summary>False when <see cref="Notification.App"/> names no configured app.</summary>
    public bool AppFound { get; }

    /// <summary>apns-push-type: the caller's choice, or the inferred one for PUSH_TYPE_UNSPECIFIED.</summary>
    public ApnsPushType PushType { get; }

    /// <summary>apns-topic: the caller's override, or the app's topic plus the push type's suffix; empty if unknown.</summary>
    public string Topic { get; }

    /// <summary>apns-priority; null leaves the header out.</summary>
    public ApnsPriority? Priority { get; }

    /// <summary>The exact payload bytes; empty when <see cref="PayloadError"/> is set.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The push-type-relevant aps keys found in <see cref="Payload"/>.</summary>
    public ApsKeys ApsKeys { get; }

    /// <summary>Why the payload could not be built (invalid raw_payload, non-finite number, unknown enum value).</summary>
    public string? PayloadError { get; }

    /// <summary>The proto path <see cref="PayloadError"/> is about, e.g. "raw_payload" or "custom_data.scores[2]".</summary>
    public string? PayloadErrorPath { get; }

    /// <summary>True for a Live Activity broadcast to <see cref="Notification.ChannelId"/>; the topic is then the bundle id.</summary>
    public bool IsBroadcast => Source.ChannelId.Length > 0;

    /// <summary>The largest payload APNs takes for this notification (bytes).</summary>
    public int MaxPayloadBytes => IsBroadcast ? BroadcastMaxPayloadBytes : PushType.MaxPayloadBytes();

    /// <summary>True when the payload came from raw_payload rather than aps and custom_data.</summary>
    public bool IsRawPayload => Source.RawPayload.Length > 0;

    /// <summary>
    /// The headers and body for the APNs client. Only meaningful for a notification that passed validation; built once
    /// because one instance serves every device token of a multicast.
    /// </summary>
    public ApnsNotification ToApnsNotification()
    {
        if (Topic.Length == 0 || PayloadError is not null)
        {
            throw new InvalidOperationException("The notification has no topic or payload; validate it before sending.");
        }

        return _apnsNotification ??= new ApnsNotification(Topic, PushType, Payload)
        {
            Priority = Priority,
            Expiration = Source.HasExpiration ? Source.Expiration : null,
            CollapseId = Source.CollapseId.Length > 0 ? Source.CollapseId : null,
            ApnsId = CanonicalUuid.TryParse(Source.ApnsId, out var apnsId) ? apnsId : null,
            AtMostOnce = Source.AtMostOnce,
        };
    }
}
