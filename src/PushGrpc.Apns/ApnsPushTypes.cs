namespace PushGrpc.Apns;

/// <summary>Wire values and topic rules of <see cref="ApnsPushType"/> (apns-reference §1.4).</summary>
public static class ApnsPushTypes
{
    // Enum.GetValues allocates a new array per call; these checks run per request.
    private static readonly ApnsPushType[] All = Enum.GetValues<ApnsPushType>();

    /// <summary>The apns-push-type header value.</summary>
    public static string ToHeaderValue(this ApnsPushType pushType) => pushType switch
    {
        ApnsPushType.Alert => "alert",
        ApnsPushType.Background => "background",
        ApnsPushType.Location => "location",
        ApnsPushType.Voip => "voip",
        ApnsPushType.Complication => "complication",
        ApnsPushType.FileProvider => "fileprovider",
        ApnsPushType.Mdm => "mdm",
        ApnsPushType.LiveActivity => "liveactivity",
        ApnsPushType.PushToTalk => "pushtotalk",
        ApnsPushType.Widgets => "widgets",
        ApnsPushType.Controls => "controls",
        _ => throw new ArgumentOutOfRangeException(nameof(pushType), pushType, "Unknown push type."),
    };

    /// <summary>Parses an apns-push-type header value (case-insensitive).</summary>
    public static bool TryParse(string? value, out ApnsPushType pushType)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToHeaderValue(), value, StringComparison.OrdinalIgnoreCase))
            {
                pushType = candidate;
                return true;
            }
        }

        pushType = default;
        return false;
    }

    /// <summary>
    /// What apns-topic must end with for this push type, appended to the bundle id; empty for push types whose topic
    /// is the bare bundle id. MDM topics come from the MDM certificate and have no suffix rule.
    /// </summary>
    public static string TopicSuffix(this ApnsPushType pushType) => pushType switch
    {
        ApnsPushType.Location => ".location-query",
        ApnsPushType.Voip => ".voip",
        ApnsPushType.Complication => ".complication",
        ApnsPushType.FileProvider => ".pushkit.fileprovider",
        ApnsPushType.LiveActivity => ".push-type.liveactivity",
        ApnsPushType.PushToTalk => ".voip-ptt",
        ApnsPushType.Widgets => ".push-type.widgets",
        ApnsPushType.Controls => ".push-type.controls",
        _ => string.Empty,
    };

    /// <summary>Largest payload APNs accepts for this push type, in bytes (4096; 5120 for VoIP).</summary>
    public static int MaxPayloadBytes(this ApnsPushType pushType) => pushType == ApnsPushType.Voip ? 5120 : 4096;

    /// <summary>
    /// True when <paramref name="topic"/> fits the push type: it ends with the type's suffix, and a type without
    /// a suffix does not carry another type's suffix. MDM topics are not checked.
    /// </summary>
    public static bool TopicMatches(this ApnsPushType pushType, string topic)
    {
        if (pushType == ApnsPushType.Mdm)
        {
            return topic.Length > 0;
        }

        var suffix = pushType.TopicSuffix();
        if (suffix.Length > 0)
        {
            return topic.Length > suffix.Length && topic.EndsWith(suffix, StringComparison.Ordinal);
        }

        foreach (var other in All)
        {
            var otherSuffix = other.TopicSuffix();
            if (otherSuffix.Length > 0 && topic.EndsWith(otherSuffix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return topic.Length > 0;
    }
}
