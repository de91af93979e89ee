namespace PushGrpc.Apns;

/// <summary>What became of one channel-management request (create, read, delete, list), retries included.</summary>
public sealed record ApnsChannelResponse
{
    /// <summary>
    /// Accepted for a 2xx answer; Rejected for a 4xx verdict; Failed without a verdict (no answer, 5xx, 429, or a
    /// credential error: then the request itself was not judged, as for pushes).
    /// </summary>
    public required ApnsOutcome Outcome { get; init; }

    /// <summary>HTTP status; 0 when APNs gave no answer (or nothing was sent).</summary>
    public int HttpStatus { get; init; }

    /// <summary>The parsed reason; <see cref="ApnsReason.Unknown"/> keeps the raw string in <see cref="ReasonText"/>.</summary>
    public ApnsReason Reason { get; init; }

    /// <summary>The reason string exactly as APNs sent it.</summary>
    public string? ReasonText { get; init; }

    /// <summary>apns-request-id as APNs answered it, or as it was sent when APNs gave no answer.</summary>
    public string? ApnsRequestId { get; init; }

    /// <summary>Create: the new channel's id (apns-channel-id answer header). Read and delete: the channel asked about.</summary>
    public string? ChannelId { get; init; }

    /// <summary>Read: the channel's storage policy; null otherwise or when the body did not say.</summary>
    public ApnsMessageStoragePolicy? StoragePolicy { get; init; }

    /// <summary>List: the ids of every channel of the bundle id in this environment; empty otherwise.</summary>
    public IReadOnlyList<string> ChannelIds { get; init; } = [];

    /// <summary>Transport error, timeout or "not sent" description when there was no answer; never contains secrets.</summary>
    public string? Error { get; init; }

    /// <summary>Requests made for this result, resends included; 0 when nothing was sent.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>Time from sending the request to APNs's answer (last attempt).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The Retry-After APNs sent with this answer (429, 503), if any.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
