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
    DateTimeOffset ReceivedAt);
