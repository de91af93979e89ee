namespace PushGrpc.Apns;

/// <summary>
/// One notification as APNs sees it: the headers and the exact payload bytes. Immutable, so one instance serves
/// every device token of a multicast.
/// </summary>
public sealed class ApnsNotification
{
    public ApnsNotification(string topic, ApnsPushType pushType, ReadOnlyMemory<byte> payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Topic = topic;
        PushType = pushType;
        Payload = payload;
    }

    /// <summary>apns-topic.</summary>
    public string Topic { get; }

    /// <summary>apns-push-type.</summary>
    public ApnsPushType PushType { get; }

    /// <summary>The JSON payload, sent byte for byte.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>apns-priority; null leaves the header out (APNs then uses 10).</summary>
    public ApnsPriority? Priority { get; init; }

    /// <summary>apns-expiration in UNIX seconds; 0 means do not store; null leaves the header out.</summary>
    public long? Expiration { get; init; }

    /// <summary>apns-collapse-id; null leaves the header out.</summary>
    public string? CollapseId { get; init; }

    /// <summary>apns-id to send; null makes the client generate a fresh one per request.</summary>
    public Guid? ApnsId { get; init; }

    /// <summary>
    /// Never resend a request whose fate is unknown (in flight when its connection died): report it Failed instead of
    /// risking a duplicate on the device. Default false: resend, and mark the response possibly duplicated.
    /// </summary>
    public bool AtMostOnce { get; init; }
}
