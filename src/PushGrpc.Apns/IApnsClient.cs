namespace PushGrpc.Apns;

/// <summary>Sends notifications to APNs for one credential and environment.</summary>
public interface IApnsClient : IAsyncDisposable
{
    /// <summary>
    /// Sends <paramref name="notification"/> to one device token. Never throws for APNs answers or transport
    /// failures: those come back as an <see cref="ApnsResponse"/>. Throws only when <paramref name="cancellationToken"/>
    /// is cancelled before the request was written.
    /// </summary>
    Task<ApnsResponse> SendAsync(ApnsNotification notification, string deviceToken, CancellationToken cancellationToken = default);
}
