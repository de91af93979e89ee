namespace PushGrpc.ApnsSimulator;

/// <summary>
/// One request the simulator validated, with its answer. Header-derived fields are null when the request did not
/// carry them (or was rejected before they were read); <see cref="Topic"/> is the topic used, which for certificate
/// auth without apns-topic is the certificate's default topic (broadcasts: apns-topic as sent, else null).
/// <see cref="Kind"/> says which API the request used; broadcasts and channel operations fill
/// <see cref="BundleId"/> and <see cref="ChannelId"/>.
/// </summary>
/// <param name="ConnectionId">The HTTP/2 connection that carried the request (Kestrel's connection id).</param>
/// <param name="Method">The :method.</param>
/// <param name="Path">The :path.</param>
/// <param name="DeviceToken">The token from the path.</param>
/// <param name="Topic">apns-topic, or the certificate's default topic.</param>
/// <param name="PushType">apns-push-type exactly as sent.</param>
/// <param name="Priority">apns-priority when it was valid.</param>
/// <param name="Expiration">apns-expiration when it was valid.</param>
/// <param name="CollapseId">apns-collapse-id.</param>
/// <param name="ApnsId">
/// The id answered, the request's or one the simulator generated: apns-id for device pushes, apns-request-id for
/// broadcasts and channel management.
/// </param>
/// <param name="Status">The HTTP status answered (channel operations: 201 created, 204 deleted).</param>
/// <param name="Reason">The reason answered; null on 200.</param>
/// <param name="Payload">The body as received; empty when the body was not read or payload recording is off.</param>
/// <param name="AuthMode">"certificate" (client certificate on the connection), "token" (authorization header) or "none".</param>
/// <param name="ReceivedAt">When the request arrived, per the simulator's TimeProvider.</param>
/// <param name="Fault">
/// The injected fault that shaped this request's fate, or null. With <see cref="Status"/> 0 (no HTTP answer):
/// GoAway, RefusedStream, StreamLimitDropAfterRejection and OneStreamUntilFirstAcceptedPush mean not processed (safe
/// to send again); ConnectionReset,
/// NoAnswer and SlowAnswer (client gave up first) mean received, no answer.
/// </param>
/// <param name="Kind">Device push, broadcast, or which channel operation (from the listener, path and method).</param>
/// <param name="BundleId">Broadcasts and channel operations: the bundle id in the path.</param>
/// <param name="ChannelId">
/// Broadcasts, read and delete: apns-channel-id as sent. Create: the new channel's id when it was created.
/// </param>
public sealed record SimulatorRecord(
    string ConnectionId,
    string Method,
    string Path,
    string? DeviceToken,
    string? Topic,
    string? PushType,
    int? Priority,
    long? Expiration,
    string? CollapseId,
    string ApnsId,
    int Status,
    string? Reason,
    ReadOnlyMemory<byte> Payload,
    string AuthMode,
    DateTimeOffset ReceivedAt,
    FaultKind? Fault = null,
    SimulatorRequestKind Kind = SimulatorRequestKind.DevicePush,
    string? BundleId = null,
    string? ChannelId = null)
{
    /// <summary>An HTTP answer was sent (<see cref="Status"/> is not 0).</summary>
    public bool Answered => Status != 0;

    /// <summary>Accepted: answered 200 (channel operations: any 2xx, i.e. also 201 and 204).</summary>
    public bool Accepted => Status is >= 200 and < 300;

    /// <summary>
    /// False only for requests the simulator declared unprocessed: above a GOAWAY's last-stream-id, or refused with
    /// REFUSED_STREAM. A client may send those again without risking a duplicate.
    /// </summary>
    public bool Processed => Status != 0 ||
        Fault is not (FaultKind.GoAway or FaultKind.RefusedStream or FaultKind.StreamLimitDropAfterRejection or FaultKind.OneStreamUntilFirstAcceptedPush);
}
