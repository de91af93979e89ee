using System.Buffers;

namespace PushGrpc.Apns.Internal;

/// <summary>What a broadcast send and the channel-management calls check before anything goes on the wire (§7).</summary>
internal static class BroadcastRules
{
    /// <summary>Largest broadcast payload APNs accepts (413 PayloadTooLarge beyond).</summary>
    public const int MaxPayloadBytes = 5120;

    // Bundle ids are letters, digits, '-' and '.'; '_' is tolerated. Nothing else may reach the request path.
    private static readonly SearchValues<char> BundleIdChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");

    /// <summary>True when <paramref name="bundleId"/> can go into a path as it is.</summary>
    public static bool IsValidBundleId(string bundleId) =>
        bundleId.Length > 0 && !bundleId.AsSpan().ContainsAnyExcept(BundleIdChars);

    /// <summary>
    /// True when <paramref name="channelId"/> can go into a header as it is: visible ASCII only. Channel ids are
    /// base64 of unspecified length (§7.1), so nothing stricter is assumed; APNs judges the rest (BadChannelId).
    /// </summary>
    public static bool IsValidChannelId(string channelId) =>
        channelId.Length > 0 && !channelId.AsSpan().ContainsAnyExceptInRange('!', '~');

    /// <summary>Why a channel id cannot be sent (the reason APNs would give and a message), or null when it can.</summary>
    public static (ApnsReason Reason, string Error)? ChannelIdProblem(string channelId) =>
        channelId.Length == 0 ? (ApnsReason.MissingChannelId, "channel id is empty; not sent")
        : !IsValidChannelId(channelId) ? (ApnsReason.BadChannelId, "channel id holds characters other than visible ASCII; not sent")
        : null;

    /// <summary>Throws for a bundle id that is empty or would change the request path.</summary>
    public static void ThrowIfInvalidBundleId(string bundleId, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(bundleId, paramName);
        if (!IsValidBundleId(bundleId))
        {
            throw new ArgumentException(
                "A bundle id holds only letters, digits, '.', '-' and '_' (got '" + bundleId + "').", paramName);
        }
    }

    /// <summary>Throws unless <paramref name="notification"/> has what APNs requires of a broadcast (§7.2).</summary>
    public static void ThrowIfNotBroadcast(ApnsNotification notification, string paramName)
    {
        if (notification.PushType != ApnsPushType.LiveActivity)
        {
            throw new ArgumentException($"A broadcast's PushType must be LiveActivity (got {notification.PushType}).", paramName);
        }

        if (notification.Topic.EndsWith(ApnsPushType.LiveActivity.TopicSuffix(), StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"A broadcast's Topic is the bare bundle id, without '{ApnsPushType.LiveActivity.TopicSuffix()}' (got '{notification.Topic}').", paramName);
        }

        ThrowIfInvalidBundleId(notification.Topic, paramName);
        if (notification.Expiration is null)
        {
            throw new ArgumentException("A broadcast needs Expiration (apns-expiration; 0 for No-Message-Stored channels).", paramName);
        }

        if (notification.Priority is null)
        {
            throw new ArgumentException("A broadcast needs Priority (apns-priority).", paramName);
        }
    }
}
