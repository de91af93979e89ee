namespace PushGrpc.Apns;

/// <summary>Parsing and classification of <see cref="ApnsReason"/>.</summary>
public static class ApnsReasons
{
    private static readonly Dictionary<string, ApnsReason> ByWireString = WireStrings();

    /// <summary>Maps a wire reason string to its enum value; null or empty is None, anything unknown is Unknown.</summary>
    public static ApnsReason Parse(string? reason) =>
        string.IsNullOrEmpty(reason) ? ApnsReason.None
        : ByWireString.TryGetValue(reason, out var known) ? known
        : ApnsReason.Unknown;

    /// <summary>
    /// True for answers about the credential rather than the notification (403 token/certificate errors and
    /// 429 TooManyProviderTokenUpdates): the notification itself got no verdict.
    /// </summary>
    public static bool IsCredentialError(this ApnsReason reason) => reason is
        ApnsReason.BadCertificate or ApnsReason.BadCertificateEnvironment or ApnsReason.ExpiredProviderToken or
        ApnsReason.InvalidProviderToken or ApnsReason.MissingProviderToken or ApnsReason.UnrelatedKeyIdInToken or
        ApnsReason.BadEnvironmentKeyIdInToken or ApnsReason.TooManyProviderTokenUpdates;

    /// <summary>
    /// Classifies an APNs answer: 200 is accepted; 5xx, 429 and credential errors got no verdict on the
    /// notification (failed, retryable); every other status is a permanent rejection.
    /// </summary>
    public static ApnsOutcome Classify(int httpStatus, ApnsReason reason) => httpStatus switch
    {
        200 => ApnsOutcome.Accepted,
        >= 500 or 429 => ApnsOutcome.Failed,
        _ when reason.IsCredentialError() => ApnsOutcome.Failed,
        _ => ApnsOutcome.Rejected,
    };

    private static Dictionary<string, ApnsReason> WireStrings()
    {
        var byName = Enum.GetValues<ApnsReason>()
            .Where(r => r is not ApnsReason.None and not ApnsReason.Unknown)
            .ToDictionary(r => r.ToString(), StringComparer.Ordinal);

        // Apple's broadcast error table prints "Service Unavailable" with a space (apns-reference §11): accept both.
        byName["Service Unavailable"] = ApnsReason.ServiceUnavailable;
        return byName;
    }
}
