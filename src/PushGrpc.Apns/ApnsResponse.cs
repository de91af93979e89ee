namespace PushGrpc.Apns;

/// <summary>What became of one notification for one device token.</summary>
public sealed record ApnsResponse
{
    public required ApnsOutcome Outcome { get; init; }

    /// <summary>The apns-id of the request (lowercase canonical UUID), as APNs echoed it or as it was sent.</summary>
    public string? ApnsId { get; init; }

    /// <summary>
    /// Broadcasts only: apns-request-id as APNs answered it, otherwise the one sent (or that would have been sent).
    /// For a broadcast <see cref="ApnsId"/> holds the apns-request-id that was sent, since broadcasts have no apns-id.
    /// </summary>
    public string? ApnsRequestId { get; init; }

    /// <summary>apns-unique-id (sandbox only).</summary>
    public string? ApnsUniqueId { get; init; }

    /// <summary>HTTP status; 0 when APNs gave no answer.</summary>
    public int HttpStatus { get; init; }

    /// <summary>The parsed reason; <see cref="ApnsReason.Unknown"/> keeps the raw string in <see cref="ReasonText"/>.</summary>
    public ApnsReason Reason { get; init; }

    /// <summary>The reason string exactly as APNs sent it.</summary>
    public string? ReasonText { get; init; }

    /// <summary>For 410: when APNs learned the token is no longer valid (the body's millisecond timestamp).</summary>
    public DateTimeOffset? TokenInvalidSince { get; init; }

    /// <summary>Transport error or timeout description when there was no answer; never contains secrets.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Requests actually written to APNs for this result, resends included; 0 when nothing was sent (no connection,
    /// credential cool-down).
    /// </summary>
    public int Attempts { get; init; } = 1;

    /// <summary>Time from sending the request to APNs's answer (last attempt).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>
    /// An earlier attempt's fate is unknown (it was written and its connection died, or it timed out) and the
    /// notification was sent again: the device may get it twice.
    /// </summary>
    public bool PossiblyDuplicated { get; init; }

    /// <summary>The Retry-After APNs sent with this answer (429, 503), if any.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
