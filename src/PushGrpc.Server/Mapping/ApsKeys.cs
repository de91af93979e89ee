namespace PushGrpc.Server.Mapping;

/// <summary>
/// Which of the aps keys that decide the push type a payload carries. Known for built and raw payloads alike, so push
/// type inference and the background rules judge what APNs will actually receive.
/// </summary>
[Flags]
internal enum ApsKeys
{
    None = 0,
    ContentAvailable = 1,
    Alert = 2,
    Badge = 4,
    Sound = 8,

    /// <summary>The keys a background push must not carry (apns-reference §2.6).</summary>
    UserVisible = Alert | Badge | Sound,
}
