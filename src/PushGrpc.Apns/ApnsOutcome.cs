namespace PushGrpc.Apns;

/// <summary>The three kinds of outcome, as Pushy names them.</summary>
public enum ApnsOutcome
{
    /// <summary>APNs answered 200.</summary>
    Accepted,

    /// <summary>APNs refused the notification (4xx): permanent, never retried.</summary>
    Rejected,

    /// <summary>No verdict: transport error, timeout, 5xx or throttling. Retryable.</summary>
    Failed,
}
