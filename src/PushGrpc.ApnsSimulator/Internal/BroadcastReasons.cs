namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// The broadcast and channel-management reasons of apns-reference §7.3 that the device API does not have (those are
/// <see cref="PushGrpc.Apns.ApnsReason"/> members). Kept here until the shared enum learns them.
/// </summary>
internal static class BroadcastReasons
{
    public const string MissingChannelId = "MissingChannelId";
    public const string BadChannelId = "BadChannelId";
    public const string ChannelNotRegistered = "ChannelNotRegistered";
    public const string BadRequestParams = "BadRequestParams";
    public const string BadRequestPayload = "BadRequestPayload";
    public const string MissingPushType = "MissingPushType";
    public const string CannotCreateChannelConfig = "CannotCreateChannelConfig";
    public const string TopicMismatch = "TopicMismatch";
}
