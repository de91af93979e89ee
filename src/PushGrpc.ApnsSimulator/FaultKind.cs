namespace PushGrpc.ApnsSimulator;

/// <summary>
/// The faults an <see cref="ApnsSimulator"/> can inject (see <see cref="SimulatorFaults"/> and the README's fault
/// section for what each looks like on the wire).
/// </summary>
public enum FaultKind
{
    /// <summary>
    /// HTTP/2 GOAWAY (NO_ERROR) with debug data <c>{"reason":"&lt;Reason, default Shutdown&gt;"}</c> and a
    /// last-stream-id below every stream in flight on the connection, then the connection is closed. The streams in
    /// flight are never answered and are recorded unprocessed.
    /// </summary>
    GoAway,

    /// <summary>The TCP connection is closed at once, streams in flight unanswered ("received, no answer").</summary>
    ConnectionReset,

    /// <summary>RST_STREAM REFUSED_STREAM (7) instead of an answer; the request is recorded unprocessed.</summary>
    RefusedStream,

    /// <summary>
    /// After a 4xx answer on a connection, SETTINGS_MAX_CONCURRENT_STREAMS=1 is sent and streams above one get
    /// REFUSED_STREAM; the next 200 on that connection restores the configured limit (observed APNs behaviour).
    /// </summary>
    StreamLimitDropAfterRejection,

    /// <summary>429 TooManyRequests (or <see cref="FaultRule.Reason"/>), with Retry-After when set.</summary>
    TooManyRequests,

    /// <summary>500 InternalServerError (or <see cref="FaultRule.Reason"/>), with Retry-After when set.</summary>
    InternalServerError,

    /// <summary>503 ServiceUnavailable (or <see cref="FaultRule.Reason"/>, e.g. Shutdown), with Retry-After when set.</summary>
    ServiceUnavailable,

    /// <summary>The normal answer, after <see cref="FaultRule.Delay"/>.</summary>
    SlowAnswer,

    /// <summary>No answer at all until the client resets the stream, the connection closes or the simulator stops.</summary>
    NoAnswer,

    /// <summary>403 ExpiredProviderToken on every request of the connection until it presents a different JWT.</summary>
    ExpiredProviderToken,

    /// <summary>The real rule, switched on: 429 when a connection's JWT changes within 20 minutes of the previous change.</summary>
    TooManyProviderTokenUpdates,

    /// <summary>403 InvalidProviderToken.</summary>
    InvalidProviderToken,

    /// <summary>403 BadCertificate.</summary>
    BadCertificate,

    /// <summary>New TCP connections are accepted and closed at once, for <see cref="FaultRule.Delay"/> (or until removed).</summary>
    RefuseConnections,

    /// <summary>
    /// APNs's start of a token connection (apns-reference §4.4, §6.3): a new push connection without a client
    /// certificate, opened while the rule is active, says SETTINGS_MAX_CONCURRENT_STREAMS=1 in its first SETTINGS frame
    /// and refuses streams above one (REFUSED_STREAM) until a push on it is accepted; a SETTINGS frame with the
    /// configured limit goes out before that push's answer. Fraction and Count apply to connections.
    /// </summary>
    OneStreamUntilFirstAcceptedPush,
}
