namespace PushGrpc.Apns;

/// <summary>
/// The broadcast channel-management API (apns-reference §7.1) for one credential and environment. Every method returns
/// exactly one <see cref="ApnsChannelResponse"/>: APNs answers and transport failures never throw. Methods throw
/// <see cref="ArgumentException"/> for an invalid bundle id or storage policy, and
/// <see cref="OperationCanceledException"/> only when <c>cancellationToken</c> is cancelled.
/// </summary>
public interface IApnsChannelManager : IAsyncDisposable
{
    /// <summary>
    /// POST /1/apps/&lt;bundleId&gt;/channels: creates a channel; the answer's <see cref="ApnsChannelResponse.ChannelId"/>
    /// is its id. Not idempotent, so it is resent only when the request certainly did not reach APNs.
    /// </summary>
    Task<ApnsChannelResponse> CreateChannelAsync(string bundleId, ApnsMessageStoragePolicy storagePolicy, CancellationToken cancellationToken = default);

    /// <summary>GET /1/apps/&lt;bundleId&gt;/channels with apns-channel-id: the channel's storage policy.</summary>
    Task<ApnsChannelResponse> GetChannelAsync(string bundleId, string channelId, CancellationToken cancellationToken = default);

    /// <summary>DELETE /1/apps/&lt;bundleId&gt;/channels with apns-channel-id: deletes the channel (irreversible).</summary>
    Task<ApnsChannelResponse> DeleteChannelAsync(string bundleId, string channelId, CancellationToken cancellationToken = default);

    /// <summary>GET /1/apps/&lt;bundleId&gt;/all-channels: the ids of every channel.</summary>
    Task<ApnsChannelResponse> ListChannelsAsync(string bundleId, CancellationToken cancellationToken = default);
}
