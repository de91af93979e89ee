using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using PushGrpc.Contracts.V1;
using static PushGrpc.Server.Tests.TestNotifications;

namespace PushGrpc.Server.Tests.Mapping;

public sealed class PayloadJsonTests
{
    [Fact]
    public void Build_NoAps_WritesEmptyApsDictionary()
    {
        Assert.Equal("""{"aps":{}}""", PayloadJson(aps: null));
    }

    [Fact]
    public void Build_EmptyAps_WritesEmptyApsDictionary()
    {
        Assert.Equal("""{"aps":{}}""", PayloadJson(new Aps()));
    }

    [Fact]
    public void Build_AlertWithTitleAndBody_WritesAlertDictionary()
    {
        var json = PayloadJson(new Aps { Alert = new Alert { Title = "Hi", Body = "There" } });

        Assert.Equal("""{"aps":{"alert":{"title":"Hi","body":"There"}}}""", json);
    }

    [Fact]
    public void Build_EmptyAlertMessage_WritesEmptyAlertDictionary()
    {
        Assert.Equal("""{"aps":{"alert":{}}}""", PayloadJson(new Aps { Alert = new Alert() }));
    }

    [Fact]
    public void Build_EveryAlertKey_WritesAllInDocumentedOrder()
    {
        var alert = new Alert
        {
            Title = "t",
            Subtitle = "s",
            Body = "b",
            LaunchImage = "l.png",
            TitleLocKey = "TK",
            TitleLocArgs = { "t1", "t2" },
            SubtitleLocKey = "SK",
            SubtitleLocArgs = { "s1" },
            LocKey = "LK",
            LocArgs = { "l1", "l2" },
        };

        var json = PayloadJson(new Aps { Alert = alert });

        Assert.Equal(
            """{"aps":{"alert":{"title":"t","subtitle":"s","body":"b","launch-image":"l.png","title-loc-key":"TK","title-loc-args":["t1","t2"],"subtitle-loc-key":"SK","subtitle-loc-args":["s1"],"loc-key":"LK","loc-args":["l1","l2"]}}}""",
            json);
    }

    [Fact]
    public void Build_BadgeZero_WritesBadgeBecauseItIsSet()
    {
        Assert.Equal("""{"aps":{"badge":0}}""", PayloadJson(new Aps { Badge = 0 }));
    }

    [Fact]
    public void Build_SoundName_WritesSoundString()
    {
        Assert.Equal("""{"aps":{"sound":"default"}}""", PayloadJson(new Aps { SoundName = "default" }));
    }

    [Fact]
    public void Build_EmptySoundName_OmitsSound()
    {
        Assert.Equal("""{"aps":{}}""", PayloadJson(new Aps { SoundName = string.Empty }));
    }

    [Fact]
    public void Build_CriticalSound_WritesSoundDictionary()
    {
        var aps = new Aps { CriticalSound = new CriticalSound { Critical = true, Name = "alarm.caf", Volume = 0.5 } };

        Assert.Equal("""{"aps":{"sound":{"critical":1,"name":"alarm.caf","volume":0.5}}}""", PayloadJson(aps));
    }

    [Fact]
    public void Build_CriticalSoundVolumeOne_WritesIntegerVolume()
    {
        var aps = new Aps { CriticalSound = new CriticalSound { Critical = true, Name = "default", Volume = 1 } };

        Assert.Equal("""{"aps":{"sound":{"critical":1,"name":"default","volume":1}}}""", PayloadJson(aps));
    }

    [Fact]
    public void Build_BooleanFlags_WriteNumberOneOrTrue()
    {
        var aps = new Aps { ContentAvailable = true, MutableContent = true, InputPushToken = true, ContentChanged = true };

        Assert.Equal(
            """{"aps":{"content-available":1,"mutable-content":1,"input-push-token":1,"content-changed":true}}""",
            PayloadJson(aps));
    }

    [Fact]
    public void Build_FalseBooleansAndEmptyStrings_OmitsThem()
    {
        var aps = new Aps { ContentAvailable = false, ThreadId = string.Empty, Category = string.Empty };

        Assert.Equal("""{"aps":{}}""", PayloadJson(aps));
    }

    [Theory]
    [InlineData(InterruptionLevel.Passive, "passive")]
    [InlineData(InterruptionLevel.Active, "active")]
    [InlineData(InterruptionLevel.TimeSensitive, "time-sensitive")]
    [InlineData(InterruptionLevel.Critical, "critical")]
    public void Build_InterruptionLevel_WritesWireString(InterruptionLevel level, string expected)
    {
        Assert.Equal($$$"""{"aps":{"interruption-level":"{{{expected}}}"}}""", PayloadJson(new Aps { InterruptionLevel = level }));
    }

    [Theory]
    [InlineData(LiveActivityEvent.Start, "start")]
    [InlineData(LiveActivityEvent.Update, "update")]
    [InlineData(LiveActivityEvent.End, "end")]
    public void Build_LiveActivityEvent_WritesWireString(LiveActivityEvent liveActivityEvent, string expected)
    {
        Assert.Equal($$$"""{"aps":{"event":"{{{expected}}}"}}""", PayloadJson(new Aps { Event = liveActivityEvent }));
    }

    [Fact]
    public void Build_StringKeys_WritesEachKey()
    {
        var aps = new Aps
        {
            ThreadId = "thread",
            Category = "CAT",
            TargetContentId = "window",
            FilterCriteria = "work",
            AttributesType = "DeliveryAttributes",
            InputPushChannel = "dHJ1Y2s=",
        };

        Assert.Equal(
            """{"aps":{"thread-id":"thread","category":"CAT","target-content-id":"window","filter-criteria":"work","attributes-type":"DeliveryAttributes","input-push-channel":"dHJ1Y2s="}}""",
            PayloadJson(aps));
    }

    [Fact]
    public void Build_LiveActivityUpdate_WritesDatesAndContentState()
    {
        var aps = new Aps
        {
            Event = LiveActivityEvent.Update,
            Timestamp = 1_700_000_000,
            StaleDate = 1_700_000_600,
            DismissalDate = 1_700_003_600,
            RelevanceScore = 75,
            ContentState = new Struct { Fields = { ["eta"] = Value.ForNumber(3), ["driver"] = Value.ForString("Ann") } },
        };

        Assert.Equal(
            """{"aps":{"relevance-score":75,"event":"update","content-state":{"eta":3,"driver":"Ann"},"timestamp":1700000000,"stale-date":1700000600,"dismissal-date":1700003600}}""",
            PayloadJson(aps));
    }

    [Fact]
    public void Build_FractionalRelevanceScore_WritesShortestRoundTrip()
    {
        Assert.Equal("""{"aps":{"relevance-score":0.1}}""", PayloadJson(new Aps { RelevanceScore = 0.1 }));
    }

    [Fact]
    public void Build_FullyPopulatedAps_ParsesBackToEveryValue()
    {
        var aps = new Aps
        {
            Alert = new Alert { Title = "t", Body = "b", LocArgs = { "x" } },
            Badge = 7,
            CriticalSound = new CriticalSound { Critical = true, Name = "alarm.caf", Volume = 0.25 },
            ThreadId = "thread",
            Category = "CAT",
            ContentAvailable = true,
            MutableContent = true,
            TargetContentId = "window",
            InterruptionLevel = InterruptionLevel.TimeSensitive,
            RelevanceScore = 0.5,
            FilterCriteria = "work",
            Event = LiveActivityEvent.Start,
            ContentState = new Struct { Fields = { ["eta"] = Value.ForNumber(12) } },
            Timestamp = 1,
            StaleDate = 2,
            DismissalDate = 3,
            AttributesType = "Attrs",
            Attributes = new Struct { Fields = { ["order"] = Value.ForString("A-1") } },
            InputPushToken = true,
            InputPushChannel = "Y2hhbm5lbA==",
            ContentChanged = true,
        };

        using var document = JsonDocument.Parse(PayloadJson(aps));
        var root = document.RootElement.GetProperty("aps");

        Assert.Equal(
            ["alert", "badge", "sound", "thread-id", "category", "content-available", "mutable-content", "target-content-id",
             "interruption-level", "relevance-score", "filter-criteria", "event", "content-state", "timestamp", "stale-date",
             "dismissal-date", "attributes-type", "attributes", "input-push-token", "input-push-channel", "content-changed"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("t", root.GetProperty("alert").GetProperty("title").GetString());
        Assert.Equal("b", root.GetProperty("alert").GetProperty("body").GetString());
        Assert.Equal("x", root.GetProperty("alert").GetProperty("loc-args")[0].GetString());
        Assert.Equal(7, root.GetProperty("badge").GetInt32());
        Assert.Equal(1, root.GetProperty("sound").GetProperty("critical").GetInt32());
        Assert.Equal("alarm.caf", root.GetProperty("sound").GetProperty("name").GetString());
        Assert.Equal(0.25, root.GetProperty("sound").GetProperty("volume").GetDouble());
        Assert.Equal("thread", root.GetProperty("thread-id").GetString());
        Assert.Equal("CAT", root.GetProperty("category").GetString());
        Assert.Equal(1, root.GetProperty("content-available").GetInt32());
        Assert.Equal(1, root.GetProperty("mutable-content").GetInt32());
        Assert.Equal("window", root.GetProperty("target-content-id").GetString());
        Assert.Equal("time-sensitive", root.GetProperty("interruption-level").GetString());
        Assert.Equal(0.5, root.GetProperty("relevance-score").GetDouble());
        Assert.Equal("work", root.GetProperty("filter-criteria").GetString());
        Assert.Equal("start", root.GetProperty("event").GetString());
        Assert.Equal(12, root.GetProperty("content-state").GetProperty("eta").GetInt32());
        Assert.Equal(1, root.GetProperty("timestamp").GetInt64());
        Assert.Equal(2, root.GetProperty("stale-date").GetInt64());
        Assert.Equal(3, root.GetProperty("dismissal-date").GetInt64());
        Assert.Equal("Attrs", root.GetProperty("attributes-type").GetString());
        Assert.Equal("A-1", root.GetProperty("attributes").GetProperty("order").GetString());
        Assert.Equal(1, root.GetProperty("input-push-token").GetInt32());
        Assert.Equal("Y2hhbm5lbA==", root.GetProperty("input-push-channel").GetString());
        Assert.True(root.GetProperty("content-changed").GetBoolean());
    }

    [Fact]
    public void Build_CustomData_WritesKeysAsSiblingsAfterAps()
    {
        var notification = new Notification
        {
            Aps = new Aps { Badge = 1 },
            CustomData = new Struct { Fields = { ["orderId"] = Value.ForString("42"), ["retry"] = Value.ForBool(false) } },
        };

        Assert.Equal("""{"aps":{"badge":1},"orderId":"42","retry":false}""", PayloadJson(notification));
    }

    [Fact]
    public void Build_CustomDataWithoutAps_StillWritesEmptyAps()
    {
        var notification = new Notification { CustomData = new Struct { Fields = { ["k"] = Value.ForNumber(1) } } };

        Assert.Equal("""{"aps":{},"k":1}""", PayloadJson(notification));
    }

    [Fact]
    public void Build_StringsNeedingEscapes_EscapesOnlyWhatJsonRequires()
    {
        var json = PayloadJson(new Aps { Alert = new Alert { Body = "say \"hi\" \\ <b>&'\n\u0001" } });

        Assert.Equal("{\"aps\":{\"alert\":{\"body\":\"say \\\"hi\\\" \\\\ <b>&'\\n\\u0001\"}}}", json);
    }

    [Fact]
    public void Build_NonAsciiAndEmoji_WritesRawUtf8()
    {
        var body = "Grüße 你好 🎉";

        var payload = Prepare(new Notification { Aps = new Aps { Alert = new Alert { Body = body } } }).Payload;

        Assert.Equal("""{"aps":{"alert":{"body":"Grüße 你好 🎉"}}}""", Encoding.UTF8.GetString(payload.Span));
        Assert.Equal(Encoding.UTF8.GetByteCount(body) + """{"aps":{"alert":{"body":""}}}""".Length, payload.Length);
    }

    [Fact]
    public void Build_LongString_WritesItWhole()
    {
        var body = new string('x', 3000) + "\"";

        using var document = JsonDocument.Parse(PayloadJson(new Aps { Alert = new Alert { Body = body } }));

        Assert.Equal(body, document.RootElement.GetProperty("aps").GetProperty("alert").GetProperty("body").GetString());
    }

    [Fact]
    public void Build_RepeatedCalls_ReturnIndependentPayloads()
    {
        var first = Prepare(new Notification { Aps = new Aps { Badge = 1 } }).Payload;
        var second = Prepare(new Notification { Aps = new Aps { Badge = 2 } }).Payload;

        Assert.Equal("""{"aps":{"badge":1}}""", Encoding.UTF8.GetString(first.Span));
        Assert.Equal("""{"aps":{"badge":2}}""", Encoding.UTF8.GetString(second.Span));
    }

    [Fact]
    public void Build_OversizedPayload_StillBuildsAndNextPayloadIsCorrect()
    {
        var huge = Prepare(new Notification { Aps = new Aps { Alert = new Alert { Body = new string('x', 40_000) } } });
        var small = PayloadJson(new Aps { Badge = 3 });

        Assert.True(huge.Payload.Length > 40_000);
        Assert.Equal("""{"aps":{"badge":3}}""", small);
    }

    [Fact]
    public void Build_UnknownInterruptionLevel_ReportsPayloadErrorOnField()
    {
        var prepared = Prepare(new Notification { Aps = new Aps { InterruptionLevel = (InterruptionLevel)9 } });

        Assert.True(prepared.Payload.IsEmpty);
        Assert.Equal("aps.interruption_level", prepared.PayloadErrorPath);
        Assert.Equal("unknown value 9", prepared.PayloadError);
    }

    [Fact]
    public void Build_UnknownLiveActivityEvent_ReportsPayloadErrorOnField()
    {
        var prepared = Prepare(new Notification { Aps = new Aps { Event = (LiveActivityEvent)7 } });

        Assert.Equal("aps.event", prepared.PayloadErrorPath);
    }

    [Fact]
    public void Build_NonFiniteRelevanceScore_ReportsPayloadErrorOnField()
    {
        var prepared = Prepare(new Notification { Aps = new Aps { RelevanceScore = double.NaN } });

        Assert.Equal("aps.relevance_score", prepared.PayloadErrorPath);
        Assert.Equal("must be a finite number (was NaN)", prepared.PayloadError);
    }

    [Fact]
    public void Build_NonFiniteCriticalVolume_ReportsPayloadErrorOnField()
    {
        var aps = new Aps { CriticalSound = new CriticalSound { Volume = double.PositiveInfinity } };

        Assert.Equal("aps.critical_sound.volume", Prepare(new Notification { Aps = aps }).PayloadErrorPath);
    }
}
