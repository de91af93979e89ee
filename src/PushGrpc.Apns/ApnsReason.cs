namespace PushGrpc.Apns;

/// <summary>
/// The reason strings APNs sends in error bodies and GOAWAY debug data (apns-reference §1.8, §7.3). The member name is the
/// wire string; <see cref="Unknown"/> stands for any string this version does not know (the raw string is kept in
/// <see cref="ApnsResponse.ReasonText"/>).
/// </summary>
public enum ApnsReason
{
    None,
    Unknown,
    BadCollapseId,
    BadDeviceToken,
    BadExpirationDate,
    BadMessageId,
    BadPriority,
    BadTopic,
    DeviceTokenNotForTopic,
    DuplicateHeaders,
    IdleTimeout,
    InvalidPushType,
    MissingDeviceToken,
    MissingTopic,
    PayloadEmpty,
    TopicDisallowed,
    BadCertificate,
    BadCertificateEnvironment,
    ExpiredProviderToken,
    Forbidden,
    InvalidProviderToken,
    MissingProviderToken,
    UnrelatedKeyIdInToken,
    BadEnvironmentKeyIdInToken,
    BadPath,
    MethodNotAllowed,
    ExpiredToken,
    Unregistered,
    PayloadTooLarge,
    TooManyProviderTokenUpdates,
    TooManyRequests,
    InternalServerError,
    ServiceUnavailable,
    Shutdown,

    // Broadcast and channel-management reasons (apns-reference §7.3).
    FeatureNotEnabled,
    MissingChannelId,
    BadChannelId,
    ChannelNotRegistered,
    BadRequestParams,
    BadRequestPayload,
    MissingPushType,
    CannotCreateChannelConfig,
    TopicMismatch,
}
