namespace PushGrpc.ApnsSimulator;

/// <summary>
/// The fixed outcomes a magic device token can pick (see <see cref="MagicTokens"/>). Each value is the four digits
/// that follow the ffffffff prefix in the token.
/// </summary>
public enum MagicOutcome
{
    /// <summary>400 BadDeviceToken.</summary>
    BadDeviceToken = 400,

    /// <summary>400 DeviceTokenNotForTopic.</summary>
    DeviceTokenNotForTopic = 401,

    /// <summary>410 Unregistered, timestamp one day before now.</summary>
    Unregistered = 410,

    /// <summary>410 ExpiredToken, timestamp one day before now.</summary>
    ExpiredToken = 411,

    /// <summary>429 TooManyRequests.</summary>
    TooManyRequests = 429,

    /// <summary>500 InternalServerError.</summary>
    InternalServerError = 500,

    /// <summary>503 ServiceUnavailable.</summary>
    ServiceUnavailable = 503,
}
