using FluentValidation.Results;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Mapping;
using PushGrpc.Server.Validation;
using static PushGrpc.Server.Tests.TestNotifications;

namespace PushGrpc.Server.Tests.Validation;

public sealed class PreparedNotificationValidatorTests
{
    private const long Now = 1_800_000_000;

    private readonly PreparedNotificationValidator _validator =
        new(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now)));

    // Every case also goes through the dispatcher's fast path, which may only ever accept what the validator accepts.
    private ValidationResult Validate(Notification notification, string? appTopic = BundleId)
    {
        var prepared = NotificationPreparer.Prepare(notification, appTopic);
        var result = _validator.Validate(prepared);
        if (_validator.IsPlainlyValid(prepared))
        {
            Assert.True(result.IsValid, "the fast path accepted what the validator refuses: " + PreparedNotificationValidator.Describe(result));
        }

        return result;
    }

    private static Notification Valid(Action<Notification> mutate)
    {
        var notification = ValidAlert();
        mutate(notification);
        return notification;
    }

    private static ValidationFailure Single(ValidationResult result)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    private void AssertSingleFailure(Notification notification, string path, string message)
    {
        var failure = Single(Validate(notification));
        Assert.Equal(path, failure.PropertyName);
        Assert.Equal(message, failure.ErrorMessage);
    }

    private void AssertSingleFailureOn(Notification notification, string path) =>
        Assert.Equal(path, Single(Validate(notification)).PropertyName);

    private void AssertValid(Notification notification)
    {
        var result = Validate(notification);
        Assert.True(result.IsValid, PreparedNotificationValidator.Describe(result));
    }

    [Fact]
    public void Validate_Baseline_Passes() => AssertValid(ValidAlert());

    [Fact]
    public void Validate_EveryPushTypeWithDefaults_Passes()
    {
        foreach (var pushType in System.Enum.GetValues<PushType>().Where(t => t is not PushType.Mdm))
        {
            AssertValid(Valid(n =>
            {
                n.PushType = pushType;
                if (pushType is PushType.Background)
                {
                    n.Aps = new Aps { ContentAvailable = true };
                }
            }));
        }
    }

    [Fact]
    public void Validate_AppEmpty_FailsOnApp() =>
        AssertSingleFailure(Valid(n => n.App = string.Empty), "app", "must name a configured app");

    [Fact]
    public void Validate_AppUnknown_FailsOnAppNamingIt()
    {
        var failure = Single(Validate(Valid(n => n.App = "foo"), appTopic: null));

        Assert.Equal("app", failure.PropertyName);
        Assert.Equal("unknown app \"foo\"", failure.ErrorMessage);
    }

    [Fact]
    public void Validate_AppUnknownWithPlaceholderName_KeepsNameVerbatim() =>
        Assert.Equal("unknown app \"{PropertyName}\"", Single(Validate(Valid(n => n.App = "{PropertyName}"), appTopic: null)).ErrorMessage);

    [Fact]
    public void Validate_NoDeviceTokens_FailsOnDeviceTokens() =>
        AssertSingleFailure(Valid(n => n.DeviceTokens.Clear()), "device_tokens", "at least one device token is required (or a channel_id, for a broadcast)");

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("gaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData(" aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Validate_MalformedDeviceToken_FailsOnItsIndex(string token) =>
        AssertSingleFailure(
            Valid(n => n.DeviceTokens.Add([Token2, token])),
            "device_tokens[2]",
            "must be an even-length hex string of 64 to 200 characters");

    [Fact]
    public void Validate_TokenOver200Characters_FailsOnDeviceToken() =>
        AssertSingleFailureOn(Valid(n => n.DeviceTokens[0] = new string('a', 202)), "device_tokens[0]");

    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(200)]
    public void Validate_TokenOfAllowedLengthAnyCase_Passes(int length) =>
        AssertValid(Valid(n => n.DeviceTokens[0] = new string('A', length / 2) + new string('f', length / 2)));

    [Fact]
    public void Validate_DuplicateToken_FailsOnLaterIndexIgnoringCase() =>
        AssertSingleFailure(
            Valid(n => n.DeviceTokens.Add([Token2, Token1.ToUpperInvariant()])),
            "device_tokens[2]",
            "duplicates device_tokens[0]; each token gets exactly one result");

    [Fact]
    public void Validate_DuplicateTokenInLargeMulticast_FailsOnLaterIndex()
    {
        var tokens = Enumerable.Range(0, 40).Select(i => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        tokens.Add(tokens[17].ToUpperInvariant());

        AssertSingleFailure(
            Valid(n =>
            {
                n.DeviceTokens.Clear();
                n.DeviceTokens.Add(tokens);
            }),
            "device_tokens[40]",
            "duplicates device_tokens[17]; each token gets exactly one result");
    }

    [Fact]
    public void Validate_UndefinedPushType_FailsOnPushType() =>
        AssertSingleFailure(Valid(n => n.PushType = (PushType)42), "push_type", "unknown value 42");

    [Fact]
    public void Validate_UndefinedPriority_FailsOnPriority() =>
        AssertSingleFailure(Valid(n => n.Priority = (Priority)7), "priority", "unknown value 7");

    [Theory]
    [InlineData(Priority.Immediate)]
    [InlineData(Priority.Minimal)]
    public void Validate_BackgroundWithPriorityOtherThanFive_FailsOnPriority(Priority priority) =>
        AssertSingleFailure(
            Valid(n =>
            {
                n.PushType = PushType.Background;
                n.Priority = priority;
                n.Aps = new Aps { ContentAvailable = true };
            }),
            "priority",
            "must be PRIORITY_CONSERVE_POWER (5) for background pushes; APNs treats 10 as an error");

    [Fact]
    public void Validate_BackgroundWithConservePower_Passes() =>
        AssertValid(Valid(n =>
        {
            n.PushType = PushType.Background;
            n.Priority = Priority.ConservePower;
            n.Aps = new Aps { ContentAvailable = true };
        }));

    [Fact]
    public void Validate_BackgroundWithAlertAndSound_FailsOnAps() =>
        AssertSingleFailure(
            Valid(n =>
            {
                n.PushType = PushType.Background;
                n.Aps.ContentAvailable = true;
                n.Aps.SoundName = "default";
            }),
            "aps",
            "background pushes must not contain alert, badge or sound (found alert, sound)");

    [Fact]
    public void Validate_BackgroundWithBadge_FailsOnAps() =>
        AssertSingleFailureOn(
            Valid(n =>
            {
                n.PushType = PushType.Background;
                n.Aps = new Aps { ContentAvailable = true, Badge = 3 };
            }),
            "aps");

    [Fact]
    public void Validate_BackgroundRawPayloadWithBadge_FailsOnRawPayload() =>
        AssertSingleFailure(
            Valid(n =>
            {
                n.PushType = PushType.Background;
                n.Aps = null;
                n.RawPayload = """{"aps":{"content-available":1,"badge":1}}""";
            }),
            "raw_payload",
            "background pushes must not contain alert, badge or sound (found badge)");

    [Fact]
    public void Validate_MdmWithoutTopic_FailsOnTopic() =>
        AssertSingleFailure(
            Valid(n => n.PushType = PushType.Mdm),
            "topic",
            "required for MDM pushes (the topic is the UID in the MDM push certificate)");

    [Fact]
    public void Validate_MdmWithTopic_Passes() =>
        AssertValid(Valid(n =>
        {
            n.PushType = PushType.Mdm;
            n.Topic = "com.apple.mgmt.External.1234";
        }));

    [Fact]
    public void Validate_TopicMissingSuffix_FailsOnTopicNamingSuffix() =>
        AssertSingleFailure(
            Valid(n =>
            {
                n.PushType = PushType.Voip;
                n.Topic = "com.example.app";
            }),
            "topic",
            "must end with \".voip\" for push type voip");

    [Fact]
    public void Validate_AlertTopicWithOtherTypesSuffix_FailsOnTopic() =>
        AssertSingleFailure(
            Valid(n => n.Topic = "com.example.app.voip"),
            "topic",
            "must be the bare bundle id for push type alert, without another push type's suffix");

    [Fact]
    public void Validate_ExplicitTopicMatchingPushType_Passes() =>
        AssertValid(Valid(n =>
        {
            n.PushType = PushType.Liveactivity;
            n.Topic = "com.other.app.push-type.liveactivity";
            n.Aps = new Aps { Event = LiveActivityEvent.Update, ContentState = new Struct() };
        }));

    [Fact]
    public void Validate_UnknownAppWithoutTopic_ReportsOnlyApp() =>
        Assert.Equal("app", Single(Validate(ValidAlert(), appTopic: null)).PropertyName);

    [Fact]
    public void Validate_CollapseIdOver64Bytes_FailsOnCollapseIdWithSize() =>
        AssertSingleFailure(Valid(n => n.CollapseId = new string('c', 70)), "collapse_id", "must be at most 64 bytes (was 70)");

    [Fact]
    public void Validate_CollapseIdOver64BytesInUtf8_CountsBytesNotCharacters() =>
        AssertSingleFailure(Valid(n => n.CollapseId = new string('é', 33)), "collapse_id", "must be at most 64 bytes (was 66)");

    [Fact]
    public void Validate_CollapseIdOf64Bytes_Passes() => AssertValid(Valid(n => n.CollapseId = new string('c', 64)));

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("123e4567e89b12d3a4564266554400a0")]
    [InlineData("{123e4567-e89b-12d3-a456-4266554400a0}")]
    [InlineData(" 123e4567-e89b-12d3-a456-4266554400a0")]
    [InlineData("123e4567-e89b-12d3-a456-4266554400ag")]
    public void Validate_ApnsIdNotCanonical_FailsOnApnsId(string apnsId) =>
        AssertSingleFailure(Valid(n => n.ApnsId = apnsId), "apns_id", "must be a canonical UUID (8-4-4-4-12 hex digits)");

    [Fact]
    public void Validate_ApnsIdCanonical_Passes() =>
        AssertValid(Valid(n => n.ApnsId = "123e4567-e89b-12d3-a456-4266554400a0"));

    [Fact]
    public void Validate_ApnsIdWithSeveralTokens_FailsOnApnsId() =>
        AssertSingleFailure(
            Valid(n =>
            {
                n.ApnsId = "123e4567-e89b-12d3-a456-4266554400a0";
                n.DeviceTokens.Add(Token2);
            }),
            "apns_id",
            "only allowed with exactly one device token (got 2)");

    [Fact]
    public void Validate_NegativeExpiration_FailsOnExpiration() =>
        AssertSingleFailure(Valid(n => n.Expiration = -1), "expiration", "must not be negative (was -1)");

    [Fact]
    public void Validate_ExpirationInPast_FailsOnExpirationShowingNow() =>
        AssertSingleFailure(
            Valid(n => n.Expiration = Now - 1),
            "expiration",
            $"must be 0 or a UNIX time in seconds not in the past (was {Now - 1}, now {Now})");

    [Theory]
    [InlineData(0L)]
    [InlineData(Now)]
    [InlineData(Now + 3600)]
    public void Validate_ExpirationZeroOrNotPast_Passes(long expiration) => AssertValid(Valid(n => n.Expiration = expiration));

    [Fact]
    public void Validate_RawPayloadNotJson_FailsOnRawPayload()
    {
        var failure = Single(Validate(Valid(n =>
        {
            n.Aps = null;
            n.RawPayload = "{\"aps\":";
        })));

        Assert.Equal("raw_payload", failure.PropertyName);
        Assert.StartsWith("must be a JSON object: ", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RawPayloadValid_Passes() =>
        AssertValid(Valid(n =>
        {
            n.Aps = null;
            n.RawPayload = """{"aps":{"alert":"hi"}}""";
        }));

    [Fact]
    public void Validate_RawPayloadWithAps_FailsOnRawPayload() =>
        AssertSingleFailure(
            Valid(n => n.RawPayload = """{"aps":{"alert":"hi"}}"""),
            "raw_payload",
            "excludes aps and custom_data: send either raw_payload or aps/custom_data");

    [Fact]
    public void Validate_RawPayloadWithCustomData_FailsOnRawPayload() =>
        AssertSingleFailureOn(
            Valid(n =>
            {
                n.Aps = null;
                n.RawPayload = """{"aps":{}}""";
                n.CustomData = new Struct();
            }),
            "raw_payload");

    [Fact]
    public void Validate_CustomDataWithApsKey_FailsOnCustomDataAps() =>
        AssertSingleFailure(
            Valid(n => n.CustomData = new Struct { Fields = { ["aps"] = Value.ForStruct(new Struct()) } }),
            "custom_data.aps",
            "not allowed: the aps dictionary is built from the aps field");

    [Fact]
    public void Validate_PayloadOver4096Bytes_FailsOnPayloadWithSize()
    {
        var notification = Valid(n => n.Aps.Alert.Body = new string('x', 4096));
        var size = NotificationPreparer.Prepare(notification, BundleId).Payload.Length;

        AssertSingleFailure(notification, "payload", $"must be at most 4096 bytes for push type alert (was {size})");
    }

    [Fact]
    public void Validate_RawPayloadOver4096Bytes_FailsOnRawPayload() =>
        AssertSingleFailure(
            Valid(n =>
            {
                n.Aps = null;
                n.RawPayload = "{\"aps\":{},\"x\":\"" + new string('x', 4090) + "\"}";
            }),
            "raw_payload",
            "must be at most 4096 bytes for push type alert (was 4107)");

    [Fact]
    public void Validate_VoipPayloadOf5000Bytes_Passes() =>
        AssertValid(Valid(n =>
        {
            n.PushType = PushType.Voip;
            n.Aps = null;
            n.RawPayload = "{\"aps\":{},\"x\":\"" + new string('x', 4983) + "\"}";
        }));

    [Fact]
    public void Validate_VoipPayloadOver5120Bytes_FailsOnRawPayload() =>
        AssertSingleFailure(
            Valid(n =>
            {
                n.PushType = PushType.Voip;
                n.Aps = null;
                n.RawPayload = "{\"aps\":{},\"x\":\"" + new string('x', 5110) + "\"}";
            }),
            "raw_payload",
            "must be at most 5120 bytes for push type voip (was 5127)");

    [Fact]
    public void Validate_UnknownInterruptionLevel_FailsOnThatField() =>
        AssertSingleFailure(Valid(n => n.Aps.InterruptionLevel = (InterruptionLevel)9), "aps.interruption_level", "unknown value 9");

    [Fact]
    public void Validate_NonFiniteCustomNumber_FailsOnItsPath() =>
        AssertSingleFailure(
            Valid(n => n.CustomData = new Struct { Fields = { ["score"] = Value.ForNumber(double.PositiveInfinity) } }),
            "custom_data.score",
            "must be a finite number (was Infinity)");

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void Validate_RelevanceScoreOutsideZeroToOne_FailsOnRelevanceScore(double score) =>
        AssertSingleFailure(
            Valid(n => n.Aps.RelevanceScore = score),
            "aps.relevance_score",
            $"must be between 0 and 1 for push type alert (was {score.ToString(System.Globalization.CultureInfo.InvariantCulture)})");

    [Fact]
    public void Validate_RelevanceScoreAboveOneForLiveActivity_Passes() =>
        AssertValid(Valid(n =>
        {
            n.PushType = PushType.Liveactivity;
            n.Aps = new Aps { Event = LiveActivityEvent.Update, ContentState = new Struct(), RelevanceScore = 75 };
        }));

    [Fact]
    public void Validate_CriticalVolumeAboveOne_FailsOnVolume() =>
        AssertSingleFailure(
            Valid(n => n.Aps.CriticalSound = new CriticalSound { Critical = true, Name = "default", Volume = 1.5 }),
            "aps.critical_sound.volume",
            "must be between 0 and 1 (was 1.5)");

    [Fact]
    public void Validate_CriticalSoundWithoutVolume_Passes() =>
        AssertValid(Valid(n => n.Aps.CriticalSound = new CriticalSound { Critical = true, Name = "default" }));

    private static Notification LiveActivityStart(Action<Aps> mutate) => Valid(n =>
    {
        n.PushType = PushType.Liveactivity;
        n.Aps = new Aps
        {
            Event = LiveActivityEvent.Start,
            Alert = new Alert { Title = "Order", Body = "On its way" },
            AttributesType = "DeliveryAttributes",
            Attributes = new Struct { Fields = { ["orderId"] = Value.ForString("A-1") } },
            ContentState = new Struct { Fields = { ["eta"] = Value.ForNumber(10) } },
            Timestamp = Now,
            InputPushToken = true,
        };
        mutate(n.Aps);
    });

    [Fact]
    public void Validate_LiveActivityStartComplete_Passes() => AssertValid(LiveActivityStart(_ => { }));

    [Fact]
    public void Validate_LiveActivityStartWithoutAttributesType_FailsOnAttributesType() =>
        AssertSingleFailure(LiveActivityStart(a => a.AttributesType = string.Empty), "aps.attributes_type", "required when aps.event is start");

    [Fact]
    public void Validate_LiveActivityStartWithoutAttributes_FailsOnAttributes() =>
        AssertSingleFailure(LiveActivityStart(a => a.Attributes = null), "aps.attributes", "required when aps.event is start");

    [Fact]
    public void Validate_LiveActivityStartWithoutAlert_FailsOnAlert() =>
        AssertSingleFailure(LiveActivityStart(a => a.Alert = null), "aps.alert", "required when aps.event is start");

    [Fact]
    public void Validate_InputPushTokenOnUpdate_FailsOnInputPushToken() =>
        AssertSingleFailure(
            LiveActivityStart(a => a.Event = LiveActivityEvent.Update),
            "aps.input_push_token",
            "only allowed when aps.event is start");

    [Fact]
    public void Validate_InputPushChannelWithoutStart_FailsOnInputPushChannel() =>
        AssertSingleFailure(
            LiveActivityStart(a =>
            {
                a.Event = LiveActivityEvent.End;
                a.InputPushToken = false;
                a.InputPushChannel = "Y2hhbm5lbA==";
            }),
            "aps.input_push_channel",
            "only allowed when aps.event is start");

    [Theory]
    [InlineData(LiveActivityEvent.Update)]
    [InlineData(LiveActivityEvent.End)]
    public void Validate_LiveActivityUpdateOrEndWithoutContentState_FailsOnContentState(LiveActivityEvent liveActivityEvent) =>
        AssertSingleFailure(
            Valid(n =>
            {
                n.PushType = PushType.Liveactivity;
                n.Aps = new Aps { Event = liveActivityEvent };
            }),
            "aps.content_state",
            "required for liveactivity update and end events");

    [Fact]
    public void Validate_LiveActivityStartWithoutContentState_FailsOnContentState() =>
        AssertSingleFailure(LiveActivityStart(a => a.ContentState = null), "aps.content_state", "required when aps.event is start");

    [Fact]
    public void Validate_LiveActivityStartWithoutTimestamp_FailsOnTimestamp() =>
        AssertSingleFailure(LiveActivityStart(a => a.ClearTimestamp()), "aps.timestamp", "required when aps.event is start");

    [Fact]
    public void Validate_LiveActivityStartJoiningChannel_Passes() =>
        AssertValid(LiveActivityStart(a =>
        {
            a.InputPushToken = false;
            a.InputPushChannel = Channel;
        }));

    [Fact]
    public void Validate_LiveActivityStartAskingForTokenAndChannel_FailsOnInputPushChannel() =>
        AssertSingleFailure(
            LiveActivityStart(a => a.InputPushChannel = Channel),
            "aps.input_push_channel",
            "not allowed with aps.input_push_token: the new activity either gets an update token or joins a channel");

    [Fact]
    public void Validate_LiveActivityStartWithMalformedInputPushChannel_FailsOnInputPushChannel() =>
        AssertSingleFailure(
            LiveActivityStart(a =>
            {
                a.InputPushToken = false;
                a.InputPushChannel = "not base64!";
            }),
            "aps.input_push_channel",
            "must be a channel id as APNs returned it (base64)");

    [Fact]
    public void Validate_LiveActivityEventWithoutPushType_IsSentAsLiveActivity()
    {
        var notification = LiveActivityStart(_ => { });
        notification.PushType = PushType.Unspecified;

        var prepared = Prepare(notification);

        Assert.Equal(Apns.ApnsPushType.LiveActivity, prepared.PushType);
        Assert.Equal(BundleId + ".push-type.liveactivity", prepared.Topic);
        AssertValid(notification);
    }

    [Fact]
    public void Validate_LiveActivityEventWithAlertPushType_FailsOnPushType()
    {
        var notification = LiveActivityStart(_ => { });
        notification.PushType = PushType.Alert;
        AssertSingleFailure(notification, "push_type", "must be PUSH_TYPE_LIVEACTIVITY (or unspecified) when aps.event is set");
    }

    private const string Channel = "dHdlbHZlIGJ5dGVzIQ==";

    private static Notification Broadcast(Action<Notification>? mutate = null)
    {
        var notification = new Notification
        {
            App = AppName,
            ChannelId = Channel,
            Aps = new Aps
            {
                Event = LiveActivityEvent.Update,
                ContentState = new Struct { Fields = { ["score"] = Value.ForString("2-1") } },
                Timestamp = Now,
            },
        };
        mutate?.Invoke(notification);
        return notification;
    }

    [Fact]
    public void Validate_Broadcast_PassesAndIsSentAsLiveActivityToTheBundleIdAtPriority10()
    {
        var prepared = Prepare(Broadcast());

        Assert.True(prepared.IsBroadcast);
        Assert.Equal(Apns.ApnsPushType.LiveActivity, prepared.PushType);
        Assert.Equal(BundleId, prepared.Topic);
        Assert.Equal(Apns.ApnsPriority.Immediate, prepared.Priority);
        AssertValid(Broadcast());
    }

    [Fact]
    public void Validate_BroadcastEnd_Passes() => AssertValid(Broadcast(n => n.Aps.Event = LiveActivityEvent.End));

    [Fact]
    public void Validate_BroadcastWithDeviceTokens_FailsOnDeviceTokens() =>
        AssertSingleFailure(
            Broadcast(n => n.DeviceTokens.Add(Token1)),
            "device_tokens",
            "must be empty when channel_id is set: a notification goes to device tokens or to one channel");

    [Fact]
    public void Validate_NoTokensAndNoChannel_FailsOnDeviceTokens() =>
        AssertSingleFailure(
            Broadcast(n =>
            {
                n.ChannelId = string.Empty;
                n.PushType = PushType.Liveactivity;
            }),
            "device_tokens",
            "at least one device token is required (or a channel_id, for a broadcast)");

    [Theory]
    [InlineData("not base64!", "must be a channel id as APNs returned it (base64)")]
    [InlineData("abc", "must be a channel id as APNs returned it (base64)")]
    public void Validate_BroadcastToMalformedChannel_FailsOnChannelId(string channelId, string message) =>
        AssertSingleFailure(Broadcast(n => n.ChannelId = channelId), "channel_id", message);

    [Fact]
    public void Validate_BroadcastToOverlongChannel_FailsOnChannelId() =>
        AssertSingleFailure(Broadcast(n => n.ChannelId = new string('A', 260)), "channel_id", "must be at most 256 characters (was 260)");

    [Fact]
    public void Validate_BroadcastStart_FailsOnEvent() =>
        AssertSingleFailure(
            Broadcast(n =>
            {
                // Start keys present or not, the one thing wrong is the event.
                n.Aps.Event = LiveActivityEvent.Start;
                n.Aps.InputPushToken = true;
            }),
            "aps.event",
            "a broadcast cannot start a Live Activity: send event start to a push-to-start token instead");

    [Fact]
    public void Validate_BroadcastWithoutEvent_FailsOnEvent() =>
        AssertSingleFailure(
            Broadcast(n => n.Aps.Event = LiveActivityEvent.Unspecified),
            "aps.event",
            "required for a broadcast: LIVE_ACTIVITY_EVENT_UPDATE or LIVE_ACTIVITY_EVENT_END");

    [Fact]
    public void Validate_BroadcastWithoutTimestamp_FailsOnTimestamp() =>
        AssertSingleFailure(Broadcast(n => n.Aps.ClearTimestamp()), "aps.timestamp", "required for a broadcast");

    [Fact]
    public void Validate_BroadcastWithoutContentState_FailsOnContentState() =>
        AssertSingleFailure(Broadcast(n => n.Aps.ContentState = null), "aps.content_state", "required for liveactivity update and end events");

    [Fact]
    public void Validate_BroadcastWithoutAps_FailsOnAps() =>
        AssertSingleFailure(
            Broadcast(n => n.Aps = null),
            "aps",
            "required for a broadcast: aps.event, aps.content_state and aps.timestamp");

    [Fact]
    public void Validate_BroadcastWithAlertPushType_FailsOnPushType() =>
        AssertSingleFailure(
            Broadcast(n => n.PushType = PushType.Alert),
            "push_type",
            "must be PUSH_TYPE_LIVEACTIVITY (or unspecified) for a broadcast to a channel");

    [Fact]
    public void Validate_BroadcastWithSuffixedTopic_FailsOnTopic() =>
        AssertSingleFailure(
            Broadcast(n => n.Topic = BundleId + ".push-type.liveactivity"),
            "topic",
            "must be the bare bundle id for a broadcast, without a push type suffix");

    [Fact]
    public void Validate_BroadcastWithCollapseId_FailsOnCollapseId() =>
        AssertSingleFailure(
            Broadcast(n => n.CollapseId = "score"),
            "collapse_id",
            "not allowed for a broadcast: APNs's broadcast API has no apns-collapse-id");

    [Fact]
    public void Validate_BroadcastPayloadUpTo5120Bytes_Passes()
    {
        // Over the 4096 bytes of a device liveactivity push, within the 5120 of a broadcast.
        var notification = Broadcast(n => n.Aps.ContentState.Fields["filler"] = Value.ForString(new string('x', 4500)));
        Assert.InRange(Prepare(notification).Payload.Length, 4097, 5120);
        AssertValid(notification);
    }

    [Fact]
    public void Validate_BroadcastPayloadOver5120Bytes_FailsOnPayload()
    {
        var notification = Broadcast(n => n.Aps.ContentState.Fields["filler"] = Value.ForString(new string('x', 5200)));
        var failure = Single(Validate(notification));
        Assert.Equal("payload", failure.PropertyName);
        Assert.StartsWith("must be at most 5120 bytes for a broadcast (was ", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var result = Validate(Valid(n =>
        {
            n.DeviceTokens.Add("xyz");
            n.CollapseId = new string('c', 65);
            n.Expiration = -5;
        }));

        Assert.Equal(["device_tokens[1]", "collapse_id", "expiration"], result.Errors.Select(e => e.PropertyName));
    }

    [Fact]
    public void Describe_SeveralFailures_ListsEachAsFieldColonMessage()
    {
        var result = Validate(Valid(n =>
        {
            n.App = "foo";
            n.DeviceTokens.Add("xyz");
            n.CollapseId = new string('c', 70);
        }), appTopic: null);

        Assert.Equal(
            "app: unknown app \"foo\"; device_tokens[1]: must be an even-length hex string of 64 to 200 characters; collapse_id: must be at most 64 bytes (was 70)",
            PreparedNotificationValidator.Describe(result));
    }

    [Fact]
    public void Describe_ValidResult_IsEmpty() =>
        Assert.Equal(string.Empty, PreparedNotificationValidator.Describe(Validate(ValidAlert())));
}
