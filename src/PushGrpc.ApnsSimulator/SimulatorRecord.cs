namespace PushGrpc.ApnsSimulator;

/// <summary>
/// One request the simulator validated, with its answer. Header-derived fields are null when the request did not
/// carry them (or was rejected before they were read); <see cref="Topic"/> is the topic used, which for certificate
/// auth without apns-topic is the certificate's default topic.
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
/// <param name="ApnsId">The apns-id answered: the request's, or the one the simulator generated.</param>
/// <param name="Status">The HTTP status answered.</param>
/// <param name="Reason">The reason answered; null on 200.</param>
/// <param name="Payload">The body as received; empty when the body was not read or payload recording is off.</param>
/// <param name="AuthMode">"certificate" (client certificate on the connection), "token" (authorization header) or "none".</param>
/// <param name="ReceivedAt">When the request arrived, per the simulator's TimeProvider.</param>
/// <param name="Fault">
/// The injected fault that shaped this request's fate, or null. With <see cref="Status"/> 0 (no HTTP answer):
/// GoAway, RefusedStream and StreamLimitDropAfterRejection mean not processed (safe to send again); ConnectionReset,
/// NoAnswer and SlowAnswer (client gave up first) mean received, no answer.
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
    FaultKind? Fault = null)
{
    /// <summary>An HTTP answer was sent (<see cref="Status"/> is not 0).</summary>
    public bool Answered => Status != 0;

    /// <summary>Accepted: answered 200.</summary>
    public bool Accepted => Status == 200;

    /// <summary>
    /// False only for requests the simulator declared unprocessed: above a GOAWAY's last-stream-id, or refused with
    /// REFUSED_STREAM. A client may send those again without risking a duplicate.
    /// </summary>
    public bool Processed => Status != 0 || Fault is not (FaultKind.GoAway or FaultKind.RefusedStream or FaultKind.StreamLimitDropAfterRejection);
}
