using Google.Protobuf.WellKnownTypes;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Client;

/// <summary>
/// Builds Live Activity notifications: a broadcast (update or end) to a channel, and a push-to-start to push-to-start
/// tokens. Each returns a <see cref="Notification"/> to send with <see cref="PushGrpcClient.BroadcastAsync"/>,
/// <see cref="PushGrpcClient.SendAsync"/> or a stream, after setting any optional field on it
/// (<c>Aps.Alert</c>, <c>Aps.StaleDate</c>, <c>Aps.DismissalDate</c>, <c>Expiration</c>, ...).
/// </summary>
/// <remarks>
/// The gateway validates them; these only set the push type, the event and a timestamp. Content states and
/// attributes are <see cref="Struct"/>s: <c>Struct.Parser.ParseJson("{\"score\":\"2-1\"}")</c> makes one from JSON.
/// </remarks>
public static class LiveActivity
{
    /// <summary>
    /// A broadcast of <paramref name="liveActivityEvent"/> (Update or End) with <paramref name="contentState"/> to
    /// every activity subscribed to <paramref name="channelId"/>, stamped <paramref name="timestamp"/> (default: now).
    /// Leave <c>Expiration</c> unset (or 0) for a no-message-stored channel; an unspecified priority means 10.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The event is not Update or End: a broadcast cannot start an
    /// activity (that is <see cref="PushToStart"/>).</exception>
    public static Notification Broadcast(
        string app,
        string channelId,
        Struct contentState,
        LiveActivityEvent liveActivityEvent = LiveActivityEvent.Update,
        DateTimeOffset? timestamp = null)
    {
        if (liveActivityEvent is not (LiveActivityEvent.Update or LiveActivityEvent.End))
        {
            throw new ArgumentOutOfRangeException(
                nameof(liveActivityEvent), liveActivityEvent, "A broadcast is an Update or an End.");
        }

        return new Notification
        {
            App = app,
            ChannelId = channelId,
            PushType = PushType.Liveactivity,
            Aps = NewAps(liveActivityEvent, contentState, timestamp),
        };
    }

    /// <summary>
    /// Starts a Live Activity of <paramref name="attributesType"/> on the devices of <paramref name="deviceTokens"/>
    /// (push-to-start tokens), stamped <paramref name="timestamp"/> (default: now). Set <c>Aps.InputPushToken</c> to
    /// ask for an update token, or <c>Aps.InputPushChannel</c> to subscribe the new activity to a broadcast channel
    /// (iOS 18+).
    /// </summary>
    public static Notification PushToStart(
        string app,
        IEnumerable<string> deviceTokens,
        string attributesType,
        Struct attributes,
        Struct contentState,
        Alert alert,
        DateTimeOffset? timestamp = null)
    {
        var aps = NewAps(LiveActivityEvent.Start, contentState, timestamp);
        aps.AttributesType = attributesType;
        aps.Attributes = attributes;
        aps.Alert = alert;
        return new Notification
        {
            App = app,
            DeviceTokens = { deviceTokens },
            PushType = PushType.Liveactivity,
            Aps = aps,
        };
    }

    // aps.timestamp is required for every Live Activity event.
    private static Aps NewAps(LiveActivityEvent liveActivityEvent, Struct contentState, DateTimeOffset? timestamp) =>
        new()
        {
            Event = liveActivityEvent,
            ContentState = contentState,
            Timestamp = (timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
        };
}
