namespace PushGrpc.Apns;

/// <summary>Sends notifications to APNs for one credential and environment.</summary>
public interface IApnsClient : IAsyncDisposable
{
    /// <summary>
    /// Sends <paramref name="notification"/> to one device token and returns exactly one <see cref="ApnsResponse"/>,
    /// retries included. Never throws for APNs answers or transport failures (those come back as a response) and
    /// never waits without bound. Throws <see cref="OperationCanceledException"/> only when
    /// <paramref name="cancellationToken"/> is cancelled; if a request had been written by then, APNs may have
    /// delivered it.
    /// </summary>
    Task<ApnsResponse> SendAsync(ApnsNotification notification, string deviceToken, CancellationToken cancellationToken = default);
}
