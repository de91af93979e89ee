using System.Globalization;
using System.Text;
using FluentValidation;
using FluentValidation.Results;
using PushGrpc.Apns;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Mapping;

namespace PushGrpc.Server.Validation;

/// <summary>
/// Refuses notifications APNs would reject or silently drop, before anything is sent. Every failure's PropertyName is
/// the proto JSON-style path of the field (<c>device_tokens[2]</c>, <c>aps.critical_sound.volume</c>) and its
/// ErrorMessage a sentence about that field, so <see cref="Describe"/> reads "field: message; field: message".
/// Stateless apart from the clock: register once and share.
/// </summary>
internal sealed class PreparedNotificationValidator : AbstractValidator<PreparedNotification>
{
    private const int MinTokenLength = 64;
    private const int MaxTokenLength = 200;
    internal const int MaxCollapseIdBytes = 64;
    internal const int SmallMulticast = 16;

    private readonly TimeProvider _timeProvider;

    public PreparedNotificationValidator(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;

        // Report every problem at once, but only the first one of each rule: "must not be empty" makes "unknown" noise.
        RuleLevelCascadeMode = CascadeMode.Stop;

        // Rules whose message quotes caller text use Custom: FluentValidation would expand "{PropertyName}"-style
        // placeholders inside a WithMessage result.
        RuleFor(p => p.Source.App).Custom(ValidateApp);
        RuleFor(p => p.Source.DeviceTokens).Custom(ValidateDeviceTokens);

        RuleFor(p => p.Source.ChannelId)
            .Custom((channelId, context) =>
            {
                if (ChannelIds.Problem(channelId) is { } problem)
                {
                    Fail(context, "channel_id", problem);
                }
            })
            .When(p => p.IsBroadcast);

        RuleFor(p => p.Source.PushType)
            .Must(Enum.IsDefined)
            .WithMessage((_, value) => $"unknown value {(int)value}")
            .Must((p, _) => !p.IsBroadcast || p.PushType == ApnsPushType.LiveActivity)
            .WithMessage("must be PUSH_TYPE_LIVEACTIVITY (or unspecified) for a broadcast to a channel")
            .Must((p, _) => p.Source.Aps is not { Event: not LiveActivityEvent.Unspecified } || p.PushType == ApnsPushType.LiveActivity)
            .WithMessage("must be PUSH_TYPE_LIVEACTIVITY (or unspecified) when aps.event is set")
            .OverridePropertyName("push_type");

        RuleFor(p => p.Source.Priority)
            .Must(Enum.IsDefined)
            .WithMessage((_, value) => $"unknown value {(int)value}")
            .Must((p, value) => p.PushType != ApnsPushType.Background || value is Priority.Unspecified or Priority.ConservePower)
            .WithMessage("must be PRIORITY_CONSERVE_POWER (5) for background pushes; APNs treats 10 as an error")
            .OverridePropertyName("priority");

        RuleFor(p => p.Topic).Custom(ValidateTopic);

        RuleFor(p => p.Source.CollapseId)
            .Must(id => Encoding.UTF8.GetByteCount(id) <= MaxCollapseIdBytes)
            .WithMessage((_, id) => $"must be at most {MaxCollapseIdBytes} bytes (was {Encoding.UTF8.GetByteCount(id)})")
            .Must((p, id) => id.Length == 0 || !p.IsBroadcast)
            .WithMessage("not allowed for a broadcast: APNs's broadcast API has no apns-collapse-id")
            .OverridePropertyName("collapse_id");

        RuleFor(p => p.Source.ApnsId)
            .Must(id => CanonicalUuid.TryParse(id, out _))
            .WithMessage("must be a canonical UUID (8-4-4-4-12 hex digits)")
            .Must((p, _) => p.Source.DeviceTokens.Count <= 1)
            .WithMessage((p, _) => $"only allowed with exactly one device token (got {p.Source.DeviceTokens.Count})")
            .When(p => p.Source.ApnsId.Length > 0)
            .OverridePropertyName("apns_id");

        RuleFor(p => p.Source.Expiration)
            .Must(expiration => expiration >= 0)
            .WithMessage((_, expiration) => $"must not be negative (was {expiration})")
            .Must(expiration => expiration == 0 || expiration >= _timeProvider.GetUtcNow().ToUnixTimeSeconds())
            .WithMessage((_, expiration) =>
                $"must be 0 or a UNIX time in seconds not in the past (was {expiration}, now {_timeProvider.GetUtcNow().ToUnixTimeSeconds()})")
            .When(p => p.Source.HasExpiration)
            .OverridePropertyName("expiration");

        RuleFor(p => p.Payload).Custom(ValidatePayload);

        RuleFor(p => p.Source.CustomData)
            .Must(data => !data!.Fields.ContainsKey("aps"))
            .When(p => p.Source.CustomData is not null)
            .OverridePropertyName("custom_data.aps")
            .WithMessage("not allowed: the aps dictionary is built from the aps field");

        RuleFor(p => p.ApsKeys).Custom(ValidateBackgroundContent);

        When(p => p.Source.Aps is not null, () =>
        {
            RuleFor(p => p.Source.Aps.RelevanceScore)
                .InclusiveBetween(0d, 1d)
                .When(p => p.Source.Aps.HasRelevanceScore && double.IsFinite(p.Source.Aps.RelevanceScore)
                    && p.PushType != ApnsPushType.LiveActivity)
                .OverridePropertyName("aps.relevance_score")
                .WithMessage((p, score) =>
                    $"must be between 0 and 1 for push type {p.PushType.ToHeaderValue()} (was {score.ToString(CultureInfo.InvariantCulture)})");

            RuleFor(p => p.Source.Aps.CriticalSound.Volume)
                .InclusiveBetween(0d, 1d)
                .When(p => p.Source.Aps.SoundCase == Aps.SoundOneofCase.CriticalSound
                    && p.Source.Aps.CriticalSound.HasVolume && double.IsFinite(p.Source.Aps.CriticalSound.Volume))
                .OverridePropertyName("aps.critical_sound.volume")
                .WithMessage((_, volume) => $"must be between 0 and 1 (was {volume.ToString(CultureInfo.InvariantCulture)})");

            RuleFor(p => p.Source.Aps).Custom(ValidateLiveActivity);
        });
    }

    /// <summary>
    /// True when <see cref="CommonCaseCheck"/> finds the notification valid without running FluentValidation; false
    /// means "not judged": call <see cref="AbstractValidator{T}.Validate(T)"/> for the verdict and its messages.
    /// </summary>
    public bool IsPlainlyValid(PreparedNotification prepared) =>
        CommonCaseCheck.IsPlainlyValid(prepared, _timeProvider.GetUtcNow().ToUnixTimeSeconds());

    /// <summary>One line listing every failure: "field: message; field: message".</summary>
    internal static string Describe(ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = new StringBuilder();
        foreach (var failure in result.Errors)
        {
            if (line.Length > 0)
            {
                line.Append("; ");
            }

            line.Append(failure.PropertyName).Append(": ").Append(failure.ErrorMessage);
        }

        return line.ToString();
    }

    private static void ValidateApp(string app, ValidationContext<PreparedNotification> context)
    {
        if (app.Length == 0)
        {
            Fail(context, "app", "must name a configured app");
        }
        else if (!context.InstanceToValidate.AppFound)
        {
            Fail(context, "app", $"unknown app \"{app}\"");
        }
    }

    private static void ValidateDeviceTokens(IList<string> tokens, ValidationContext<PreparedNotification> context)
    {
        if (context.InstanceToValidate.IsBroadcast)
        {
            if (tokens.Count > 0)
            {
                Fail(context, "device_tokens", "must be empty when channel_id is set: a notification goes to device tokens or to one channel");
            }

            return;
        }

        if (tokens.Count == 0)
        {
            Fail(context, "device_tokens", "at least one device token is required (or a channel_id, for a broadcast)");
            return;
        }

        // Most sends carry a handful of tokens: scanning back is cheaper than a dictionary and allocates nothing.
        // Large multicasts get the dictionary so the check stays linear.
        var firstIndex = tokens.Count > SmallMulticast
            ? new Dictionary<string, int>(tokens.Count, StringComparer.OrdinalIgnoreCase)
            : null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!IsDeviceToken(token))
            {
                Fail(context, $"device_tokens[{i}]", $"must be an even-length hex string of {MinTokenLength} to {MaxTokenLength} characters");
                continue;
            }

            var earlier = firstIndex is null ? IndexOfEarlier(tokens, i)
                : firstIndex.TryAdd(token, i) ? -1
                : firstIndex[token];
            if (earlier >= 0)
            {
                Fail(context, $"device_tokens[{i}]", $"duplicates device_tokens[{earlier}]; each token gets exactly one result");
            }
        }
    }

    /// <summary>Where the token at <paramref name="index"/> already appeared, or -1.</summary>
    internal static int IndexOfEarlier(IList<string> tokens, int index)
    {
        var token = tokens[index];
        for (var j = 0; j < index; j++)
        {
            // Hex is case-insensitive: "AB" and "ab" are the same token bytes, so the same device.
            if (string.Equals(tokens[j], token, StringComparison.OrdinalIgnoreCase))
            {
                return j;
            }
        }

        return -1;
    }

    internal static bool IsDeviceToken(string token)
    {
        if (token.Length is < MinTokenLength or > MaxTokenLength || token.Length % 2 != 0)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateTopic(string topic, ValidationContext<PreparedNotification> context)
    {
        var prepared = context.InstanceToValidate;
        var pushType = prepared.PushType;
        if (topic.Length == 0)
        {
            if (pushType == ApnsPushType.Mdm)
            {
                Fail(context, "topic", "required for MDM pushes (the topic is the UID in the MDM push certificate)");
            }
            else if (prepared.AppFound)
            {
                Fail(context, "topic", "must not be empty");
            }

            // With no topic and an unknown app, "app" already says what is wrong.
            return;
        }

        if (prepared.IsBroadcast)
        {
            if (!ApnsPushType.Alert.TopicMatches(topic))
            {
                Fail(context, "topic", "must be the bare bundle id for a broadcast, without a push type suffix");
            }

            return;
        }

        if (!pushType.TopicMatches(topic))
        {
            var suffix = pushType.TopicSuffix();
            Fail(context, "topic", suffix.Length > 0
                ? $"must end with \"{suffix}\" for push type {pushType.ToHeaderValue()}"
                : $"must be the bare bundle id for push type {pushType.ToHeaderValue()}, without another push type's suffix");
        }
    }

    private static void ValidatePayload(ReadOnlyMemory<byte> payload, ValidationContext<PreparedNotification> context)
    {
        var prepared = context.InstanceToValidate;
        var source = prepared.Source;
        if (prepared.IsRawPayload && (source.Aps is not null || source.CustomData is not null))
        {
            Fail(context, "raw_payload", "excludes aps and custom_data: send either raw_payload or aps/custom_data");
        }

        if (prepared.PayloadError is not null)
        {
            Fail(context, prepared.PayloadErrorPath ?? "payload", prepared.PayloadError);
            return;
        }

        var max = prepared.MaxPayloadBytes;
        if (payload.Length > max)
        {
            Fail(context, prepared.IsRawPayload ? "raw_payload" : "payload", prepared.IsBroadcast
                ? $"must be at most {max} bytes for a broadcast (was {payload.Length})"
                : $"must be at most {max} bytes for push type {prepared.PushType.ToHeaderValue()} (was {payload.Length})");
        }

        if (prepared.IsBroadcast && !prepared.IsRawPayload && source.Aps is null)
        {
            Fail(context, "aps", "required for a broadcast: aps.event, aps.content_state and aps.timestamp");
        }
    }

    private static void ValidateBackgroundContent(ApsKeys keys, ValidationContext<PreparedNotification> context)
    {
        var prepared = context.InstanceToValidate;
        if (prepared.PushType == ApnsPushType.Background && (keys & ApsKeys.UserVisible) != 0)
        {
            // Judged on what the payload holds, so a raw payload is held to the same rule (apns-reference §2.6).
            Fail(context, prepared.IsRawPayload ? "raw_payload" : "aps",
                $"background pushes must not contain alert, badge or sound (found {DescribeKeys(keys)})");
        }
    }

    private static void ValidateLiveActivity(Aps aps, ValidationContext<PreparedNotification> context)
    {
        var prepared = context.InstanceToValidate;
        if (prepared.IsBroadcast)
        {
            ValidateBroadcastEvent(aps, context);
        }
        else if (aps.Event == LiveActivityEvent.Start)
        {
            ValidatePushToStart(aps, context);
        }

        // A broadcast that tries to start is told so once; its input-push keys would only add noise.
        if (aps.Event != LiveActivityEvent.Start)
        {
            if (aps.InputPushToken)
            {
                Fail(context, "aps.input_push_token", "only allowed when aps.event is start");
            }

            if (aps.InputPushChannel.Length > 0)
            {
                Fail(context, "aps.input_push_channel", "only allowed when aps.event is start");
            }
        }

        if (prepared.PushType == ApnsPushType.LiveActivity
            && aps.Event is LiveActivityEvent.Update or LiveActivityEvent.End
            && aps.ContentState is null)
        {
            Fail(context, "aps.content_state", "required for liveactivity update and end events");
        }
    }

    // apns-reference §7.2: a broadcast updates or ends the activities subscribed to a channel; it cannot start one.
    private static void ValidateBroadcastEvent(Aps aps, ValidationContext<PreparedNotification> context)
    {
        if (aps.Event is not (LiveActivityEvent.Update or LiveActivityEvent.End))
        {
            Fail(context, "aps.event", aps.Event == LiveActivityEvent.Start
                ? "a broadcast cannot start a Live Activity: send event start to a push-to-start token instead"
                : "required for a broadcast: LIVE_ACTIVITY_EVENT_UPDATE or LIVE_ACTIVITY_EVENT_END");
        }

        if (!aps.HasTimestamp)
        {
            Fail(context, "aps.timestamp", "required for a broadcast");
        }
    }

    // Push-to-start (apns-reference §2.7, §7.4): the system needs the attributes and the initial content state to create
    // the activity, and shows the alert.
    private static void ValidatePushToStart(Aps aps, ValidationContext<PreparedNotification> context)
    {
        if (!aps.HasTimestamp)
        {
            Fail(context, "aps.timestamp", "required when aps.event is start");
        }

        if (aps.ContentState is null)
        {
            Fail(context, "aps.content_state", "required when aps.event is start");
        }

        if (aps.InputPushToken && aps.InputPushChannel.Length > 0)
        {
            Fail(context, "aps.input_push_channel",
                "not allowed with aps.input_push_token: the new activity either gets an update token or joins a channel");
        }
        else if (aps.InputPushChannel.Length > 0 && ChannelIds.Problem(aps.InputPushChannel) is { } problem)
        {
            Fail(context, "aps.input_push_channel", problem);
        }

        if (aps.AttributesType.Length == 0)
        {
            Fail(context, "aps.attributes_type", "required when aps.event is start");
        }

        if (aps.Attributes is null)
        {
            Fail(context, "aps.attributes", "required when aps.event is start");
        }

        if (aps.Alert is null)
        {
            Fail(context, "aps.alert", "required when aps.event is start");
        }
    }

    private static string DescribeKeys(ApsKeys keys)
    {
        var found = new List<string>(3);
        if ((keys & ApsKeys.Alert) != 0)
        {
            found.Add("alert");
        }

        if ((keys & ApsKeys.Badge) != 0)
        {
            found.Add("badge");
        }

        if ((keys & ApsKeys.Sound) != 0)
        {
            found.Add("sound");
        }

        return string.Join(", ", found);
    }

    // Added as a finished failure so caller text in the message is never treated as a message template.
    private static void Fail(ValidationContext<PreparedNotification> context, string path, string message) =>
        context.AddFailure(new ValidationFailure(path, message));
}
