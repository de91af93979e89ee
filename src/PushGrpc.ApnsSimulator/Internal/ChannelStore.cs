using System.Collections.Concurrent;
using System.Security.Cryptography;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// Broadcast channels per bundle id (the simulator is one environment, so one set per app), each with its immutable
/// storage policy. Every operation on an app takes that app's lock: the limit check and the insert must be one step,
/// or concurrent creates could overshoot it. Only a create adds an app, so lookups of unknown apps cost no memory.
/// </summary>
internal sealed class ChannelStore(int maxChannelsPerApp)
{
    /// <summary>Random bytes per channel id; base64 makes 24 characters. Clients must not assume a length (§7.1).</summary>
    private const int ChannelIdBytes = 16;

    private readonly ConcurrentDictionary<string, Dictionary<string, ApnsMessageStoragePolicy>> apps = new(StringComparer.Ordinal);

    public int MaxChannelsPerApp { get; } = maxChannelsPerApp;

    /// <summary>A new channel's id, or null when the app already has <see cref="MaxChannelsPerApp"/> channels.</summary>
    public string? TryCreate(string bundleId, ApnsMessageStoragePolicy policy)
    {
        var channels = apps.GetOrAdd(bundleId, static _ => new Dictionary<string, ApnsMessageStoragePolicy>(StringComparer.Ordinal));
        lock (channels)
        {
            if (channels.Count >= MaxChannelsPerApp)
            {
                return null;
            }

            string id;
            do
            {
                id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(ChannelIdBytes));
            }
            while (!channels.TryAdd(id, policy));

            return id;
        }
    }

    public bool IsFull(string bundleId)
    {
        if (!apps.TryGetValue(bundleId, out var channels))
        {
            return MaxChannelsPerApp == 0;
        }

        lock (channels)
        {
            return channels.Count >= MaxChannelsPerApp;
        }
    }

    public ApnsMessageStoragePolicy? Find(string bundleId, string channelId)
    {
        if (!apps.TryGetValue(bundleId, out var channels))
        {
            return null;
        }

        lock (channels)
        {
            return channels.TryGetValue(channelId, out var policy) ? policy : null;
        }
    }

    public bool Delete(string bundleId, string channelId)
    {
        if (!apps.TryGetValue(bundleId, out var channels))
        {
            return false;
        }

        lock (channels)
        {
            return channels.Remove(channelId);
        }
    }

    public IReadOnlyCollection<string> List(string bundleId)
    {
        if (!apps.TryGetValue(bundleId, out var channels))
        {
            return [];
        }

        lock (channels)
        {
            return [.. channels.Keys];
        }
    }

    public void Clear()
    {
        foreach (var channels in apps.Values)
        {
            lock (channels)
            {
                channels.Clear();
            }
        }
    }
}
