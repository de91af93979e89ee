using System.Collections.Concurrent;
using PushGrpc.Apns;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// The storage policy of each broadcast channel APNs has told us about (create, read). A channel's policy never
/// changes (apns-reference §7.1), so an entry is never stale, only missing; a deleted or unknown channel is forgotten.
/// Channels belong to a bundle id in one environment, whichever credential or app name reaches them. At most 10,000
/// channels per bundle id and environment exist, which bounds the cache.
/// </summary>
internal sealed class ChannelPolicies
{
    private readonly ConcurrentDictionary<Key, ApnsMessageStoragePolicy> _known = new();

    public bool TryGet(ApnsEnvironment environment, string bundleId, string channelId, out ApnsMessageStoragePolicy policy) =>
        _known.TryGetValue(new Key(environment, bundleId, channelId), out policy);

    public void Remember(ApnsEnvironment environment, string bundleId, string channelId, ApnsMessageStoragePolicy policy) =>
        _known[new Key(environment, bundleId, channelId)] = policy;

    public void Forget(ApnsEnvironment environment, string bundleId, string channelId) =>
        _known.TryRemove(new Key(environment, bundleId, channelId), out _);

    /// <summary>
    /// What an answer about a channel teaches: the policy APNs read back is remembered; ChannelNotRegistered (from a
    /// read, a delete or a broadcast) means the channel is gone, so it is forgotten. Any other answer changes nothing.
    /// </summary>
    public void Learn(ApnsEnvironment environment, string bundleId, string channelId, ApnsReason reason, ApnsMessageStoragePolicy? readPolicy = null)
    {
        if (reason == ApnsReason.ChannelNotRegistered)
        {
            Forget(environment, bundleId, channelId);
        }
        else if (readPolicy is { } policy)
        {
            Remember(environment, bundleId, channelId, policy);
        }
    }

    private readonly record struct Key(ApnsEnvironment Environment, string BundleId, string ChannelId);
}
