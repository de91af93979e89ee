using System.Text;
using Google.Protobuf.WellKnownTypes;
using PushGrpc.Apns;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Mapping;
using static PushGrpc.Server.Tests.TestNotifications;

namespace PushGrpc.Server.Tests.Mapping;

public sealed class NotificationPreparerTests
{
    [Fact]
    public void Prepare_RawPayload_KeepsBytesExactly()
    {
        const string raw = "{ \"aps\" : {\"alert\":\"caf\u00e9 \ud83c\udf89\"},\n \"x\":[1, 2.50] }";

        var prepared = Prepare(new Notification { RawPayload = raw });

        Assert.Equal(Encoding.UTF8.GetBytes(raw), prepared.Payload.ToArray());
        Assert.Null(prepared.PayloadError);
        Assert.True(prepared.IsRawPayload);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"aps\"")]
    [InlineData("{\"aps\":{}")]
    [InlineData("{\"aps\":{}} {}")]
    [InlineData("{\"aps\":{},}")]
    [InlineData("{/* c */\"aps\":{}}")]
    [InlineData("not json")]
    [InlineData(" ")]
    public void Prepare_RawPayloadNotOneJsonObject_ReportsPayloadError(string raw)
    {
        var prepared = Prepare(new Notification { RawPayload = raw });

        Assert.Equal("raw_payload", prepared.PayloadErrorPath);
        Assert.StartsWith("must be a JSON object", prepared.PayloadError, StringComparison.Ordinal);
        Assert.True(prepared.Payload.IsEmpty);
    }

    [Fact]
    public void Prepare_RawPayloadAndAps_UsesRawPayload()
    {
        var prepared = Prepare(new Notification { RawPayload = """{"aps":{"badge":1}}""", Aps = new Aps { Badge = 2 } });

        Assert.Equal("""{"aps":{"badge":1}}""", Encoding.UTF8.GetString(prepared.Payload.Span));
    }

    [Theory]
    [InlineData(PushType.Alert, ApnsPushType.Alert)]
    [InlineData(PushType.Background, ApnsPushType.Background)]
    [InlineData(PushType.Location, ApnsPushType.Location)]
    [InlineData(PushType.Voip, ApnsPushType.Voip)]
    [InlineData(PushType.Complication, ApnsPushType.Complication)]
    [InlineData(PushType.Fileprovider, ApnsPushType.FileProvider)]
    [InlineData(PushType.Mdm, ApnsPushType.Mdm)]
    [InlineData(PushType.Liveactivity, ApnsPushType.LiveActivity)]
    [InlineData(PushType.Pushtotalk, ApnsPushType.PushToTalk)]
    [InlineData(PushType.Widgets, ApnsPushType.Widgets)]
    [InlineData(PushType.Controls, ApnsPushType.Controls)]
    public void Prepare_ExplicitPushType_MapsToApnsPushType(PushType pushType, ApnsPushType expected)
    {
        Assert.Equal(expected, Prepare(new Notification { PushType = pushType }).PushType);
    }

    [Fact]
    public void Prepare_EveryDefinedPushType_HasAMapping()
    {
        foreach (var pushType in System.Enum.GetValues<PushType>().Where(t => t != PushType.Unspecified))
        {
            Assert.NotNull(NotificationPreparer.ToApnsPushType(pushType));
        }
    }

    [Fact]
    public void Prepare_UnspecifiedWithContentAvailableOnly_InfersBackground()
    {
        var prepared = Prepare(new Notification { Aps = new Aps { ContentAvailable = true, ThreadId = "t" } });

        Assert.Equal(ApnsPushType.Background, prepared.PushType);
    }

    [Theory]
    [InlineData("alert")]
    [InlineData("badge")]
    [InlineData("sound")]
    [InlineData("critical")]
    public void Prepare_UnspecifiedWithContentAvailableAndVisibleKey_InfersAlert(string visibleKey)
    {
        var aps = new Aps { ContentAvailable = true };
        switch (visibleKey)
        {
            case "alert": aps.Alert = new Alert { Body = "b" }; break;
            case "badge": aps.Badge = 1; break;
            case "sound": aps.SoundName = "default"; break;
            default: aps.CriticalSound = new CriticalSound { Critical = true }; break;
        }

        Assert.Equal(ApnsPushType.Alert, Prepare(new Notification { Aps = aps }).PushType);
    }

    [Fact]
    public void Prepare_UnspecifiedWithoutContentAvailable_InfersAlert()
    {
        Assert.Equal(ApnsPushType.Alert, Prepare(new Notification()).PushType);
    }

    [Fact]
    public void Prepare_UnspecifiedWithSilentRawPayload_InfersBackground()
    {
        var prepared = Prepare(new Notification { RawPayload = """{"x":{"aps":1},"aps":{"content-available":1,"extra":[{"alert":1}]}}""" });

        Assert.Equal(ApnsPushType.Background, prepared.PushType);
        Assert.Equal(ApsKeys.ContentAvailable, prepared.ApsKeys);
    }

    [Theory]
    [InlineData("""{"aps":{"content-available":1,"sound":"default"}}""")]
    [InlineData("""{"aps":{"content-available":0}}""")]
    [InlineData("""{"aps":"content-available"}""")]
    public void Prepare_UnspecifiedWithVisibleOrNoSilentFlagRawPayload_InfersAlert(string raw)
    {
        Assert.Equal(ApnsPushType.Alert, Prepare(new Notification { RawPayload = raw }).PushType);
    }

    [Fact]
    public void Prepare_ExplicitAlertWithContentAvailableOnly_KeepsAlert()
    {
        var prepared = Prepare(new Notification { PushType = PushType.Alert, Aps = new Aps { ContentAvailable = true } });

        Assert.Equal(ApnsPushType.Alert, prepared.PushType);
    }

    [Theory]
    [InlineData(PushType.Alert, "com.example.app")]
    [InlineData(PushType.Background, "com.example.app")]
    [InlineData(PushType.Location, "com.example.app.location-query")]
    [InlineData(PushType.Voip, "com.example.app.voip")]
    [InlineData(PushType.Complication, "com.example.app.complication")]
    [InlineData(PushType.Fileprovider, "com.example.app.pushkit.fileprovider")]
    [InlineData(PushType.Liveactivity, "com.example.app.push-type.liveactivity")]
    [InlineData(PushType.Pushtotalk, "com.example.app.voip-ptt")]
    [InlineData(PushType.Widgets, "com.example.app.push-type.widgets")]
    [InlineData(PushType.Controls, "com.example.app.push-type.controls")]
    [InlineData(PushType.Mdm, "")]
    public void Prepare_NoTopicOverride_AppendsPushTypeSuffixToAppTopic(PushType pushType, string expected)
    {
        Assert.Equal(expected, Prepare(new Notification { PushType = pushType }).Topic);
    }

    [Fact]
    public void Prepare_TopicOverride_UsesItVerbatim()
    {
        var prepared = Prepare(new Notification { PushType = PushType.Mdm, Topic = "com.apple.mgmt.External.1234" });

        Assert.Equal("com.apple.mgmt.External.1234", prepared.Topic);
    }

    [Fact]
    public void Prepare_UnknownApp_MarksAppNotFoundAndLeavesTopicEmpty()
    {
        var prepared = Prepare(new Notification { App = "nope" }, appTopic: null);

        Assert.False(prepared.AppFound);
        Assert.Equal(string.Empty, prepared.Topic);
    }

    [Fact]
    public void Prepare_KnownApp_MarksAppFound()
    {
        Assert.True(Prepare(new Notification { App = AppName }).AppFound);
    }

    [Fact]
    public void Prepare_UnspecifiedPriorityForBackground_DefaultsToConservePower()
    {
        var prepared = Prepare(new Notification { PushType = PushType.Background });

        Assert.Equal(ApnsPriority.ConservePower, prepared.Priority);
    }

    [Fact]
    public void Prepare_UnspecifiedPriorityForInferredBackground_DefaultsToConservePower()
    {
        Assert.Equal(ApnsPriority.ConservePower, Prepare(new Notification { Aps = new Aps { ContentAvailable = true } }).Priority);
    }

    [Fact]
    public void Prepare_UnspecifiedPriorityForAlert_OmitsHeader()
    {
        Assert.Null(Prepare(new Notification { PushType = PushType.Alert }).Priority);
    }

    [Theory]
    [InlineData(Priority.Minimal, ApnsPriority.Minimal)]
    [InlineData(Priority.ConservePower, ApnsPriority.ConservePower)]
    [InlineData(Priority.Immediate, ApnsPriority.Immediate)]
    public void Prepare_ExplicitPriority_MapsByValue(Priority priority, ApnsPriority expected)
    {
        var prepared = Prepare(new Notification { Priority = priority });

        Assert.Equal(expected, prepared.Priority);
        Assert.Equal((int)priority, (int)prepared.Priority!.Value);
    }

    [Fact]
    public void Prepare_UndefinedNumbers_FallBackWithoutThrowing()
    {
        var prepared = Prepare(new Notification { PushType = (PushType)99, Priority = (Priority)7 });

        Assert.Equal(ApnsPushType.Alert, prepared.PushType);
        Assert.Null(prepared.Priority);
    }

    [Fact]
    public void ToApnsNotification_AllHeadersSet_PassesThemThrough()
    {
        var apnsId = Guid.NewGuid();
        var notification = new Notification
        {
            App = AppName,
            DeviceTokens = { Token1 },
            PushType = PushType.Voip,
            Priority = Priority.Immediate,
            Expiration = 0,
            CollapseId = "group-1",
            ApnsId = apnsId.ToString(),
            Aps = new Aps(),
            CustomData = new Struct { Fields = { ["call"] = Value.ForString("c1") } },
        };
        var prepared = Prepare(notification);

        var apns = prepared.ToApnsNotification();

        Assert.Equal("com.example.app.voip", apns.Topic);
        Assert.Equal(ApnsPushType.Voip, apns.PushType);
        Assert.Equal(ApnsPriority.Immediate, apns.Priority);
        Assert.Equal(0, apns.Expiration);
        Assert.Equal("group-1", apns.CollapseId);
        Assert.Equal(apnsId, apns.ApnsId);
        Assert.Equal("""{"aps":{},"call":"c1"}""", Encoding.UTF8.GetString(apns.Payload.Span));
        Assert.Same(apns, prepared.ToApnsNotification());
    }

    [Fact]
    public void ToApnsNotification_OptionalHeadersUnset_LeavesThemNull()
    {
        var apns = Prepare(ValidAlert()).ToApnsNotification();

        Assert.Null(apns.Priority);
        Assert.Null(apns.Expiration);
        Assert.Null(apns.CollapseId);
        Assert.Null(apns.ApnsId);
    }

    [Fact]
    public void ToApnsNotification_UppercaseApnsId_ParsesToSameGuid()
    {
        var notification = ValidAlert();
        notification.ApnsId = "123E4567-E89B-12D3-A456-4266554400A0";

        Assert.Equal(Guid.Parse("123e4567-e89b-12d3-a456-4266554400a0"), Prepare(notification).ToApnsNotification().ApnsId);
    }

    [Fact]
    public void ToApnsNotification_PayloadError_Throws()
    {
        var prepared = Prepare(new Notification { App = AppName, RawPayload = "[]" });

        Assert.Throws<InvalidOperationException>(prepared.ToApnsNotification);
    }
}
