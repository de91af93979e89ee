using System.Text;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>Broadcast sends on the push listener (apns-reference §7.2, §7.3) over real HTTP/2.</summary>
public sealed class BroadcastTests(SimulatorFixture fixture) : SimulatorTests<SimulatorFixture>(fixture)
{
    private const string OtherBundleId = "com.example.other";

    private string StoredChannel => field ??= Fixture.Simulator.CreateChannel(SimulatorFixture.BundleId, ApnsMessageStoragePolicy.MostRecentMessageStored);

    private string UnstoredChannel => field ??= Fixture.Simulator.CreateChannel(SimulatorFixture.BundleId, ApnsMessageStoragePolicy.NoMessageStored);

    [Fact]
    public async Task Broadcast_Valid_200WithRequestAndUniqueIds()
    {
        var requestId = Guid.NewGuid().ToString();

        var answer = await Send(Fixture.Broadcast(StoredChannel, headers: ("apns-request-id", requestId)));

        Assert.Equal((200, requestId, string.Empty), (answer.Status, answer.RequestId, answer.Body));
        Assert.True(Guid.TryParse(answer.UniqueId, out _));
        Assert.Null(answer.ApnsId);
        var record = Fixture.RecordOf(requestId);
        Assert.Equal((SimulatorRequestKind.Broadcast, StoredChannel, SimulatorFixture.BundleId, 200), (record.Kind, record.ChannelId, record.BundleId, record.Status));
        Assert.Null(record.DeviceToken);
    }

    [Theory]
    [InlineData("LiveActivity")]
    [InlineData("Liveactivity")]
    [InlineData("LIVEACTIVITY")]
    public async Task PushType_AnyCase_Accepted(string pushType)
    {
        var answer = await Send(Fixture.Broadcast(StoredChannel, pushType: pushType));

        Assert.Equal(200, answer.Status);
    }

    public static TheoryData<string?, string?, string?, string?, string> BadHeaders => new()
    {
        // push type, priority, expiration, topic → reason
        { null, "10", "0", null, "MissingPushType" },
        { "alert", "10", "0", null, "InvalidPushType" },
        { "liveactivity", null, "0", null, "BadPriority" },
        { "liveactivity", "7", "0", null, "BadPriority" },
        { "liveactivity", "10", null, null, "BadExpirationDate" },
        { "liveactivity", "10", "soon", null, "BadExpirationDate" },
        { "liveactivity", "10", "-1", null, "BadExpirationDate" },
        { "liveactivity", "10", "0", SimulatorFixture.BundleId + ".push-type.liveactivity", "TopicDisallowed" },
        { "liveactivity", "10", "0", OtherBundleId, "TopicDisallowed" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task Headers_Invalid_Rejected(string? pushType, string? priority, string? expiration, string? topic, string reason)
    {
        var answer = await Send(Fixture.Broadcast(StoredChannel, pushType: pushType, priority: priority, expiration: expiration, headers: ("apns-topic", topic)));

        Assert.Equal((400, reason), (answer.Status, answer.Reason));
        Assert.NotNull(answer.RequestId);
        Assert.Null(answer.UniqueId);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("5")]
    [InlineData("1")]
    public async Task PriorityAndBareTopic_Accepted(string priority)
    {
        var answer = await Send(Fixture.Broadcast(StoredChannel, priority: priority, headers: ("apns-topic", SimulatorFixture.BundleId)));

        Assert.Equal(200, answer.Status);
        Assert.Equal(SimulatorFixture.BundleId, Fixture.RecordOf(answer.RequestId).Topic);
    }

    public static TheoryData<string?, string> BadChannelIds => new()
    {
        { null, "MissingChannelId" },
        { "%%%", "BadChannelId" },
        { Convert.ToBase64String(new byte[60]), "BadChannelId" },
        { Convert.ToBase64String(new byte[16]), "ChannelNotRegistered" },
    };

    [Theory]
    [MemberData(nameof(BadChannelIds))]
    public async Task ChannelId_MissingMalformedOrUnknown_Rejected(string? channelId, string reason)
    {
        var answer = await Send(Fixture.Broadcast(channelId));

        Assert.Equal((400, reason), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData(ApnsMessageStoragePolicy.NoMessageStored, "0", 200, null)]
    [InlineData(ApnsMessageStoragePolicy.NoMessageStored, "60", 400, "BadExpirationDate")]
    [InlineData(ApnsMessageStoragePolicy.MostRecentMessageStored, "0", 200, null)]
    [InlineData(ApnsMessageStoragePolicy.MostRecentMessageStored, "1900000000", 200, null)]
    public async Task Expiration_MustBeZeroOnNoMessageStoredChannel(ApnsMessageStoragePolicy policy, string expiration, int status, string? reason)
    {
        var channel = policy == ApnsMessageStoragePolicy.NoMessageStored ? UnstoredChannel : StoredChannel;

        var answer = await Send(Fixture.Broadcast(channel, expiration: expiration));

        Assert.Equal((status, reason), (answer.Status, answer.Reason));
    }

    public static TheoryData<string, string> BadPayloads => new()
    {
        { "", "PayloadEmpty" },
        { "not json", "BadRequestPayload" },
        { "[]", "BadRequestPayload" },
        { """{"aps":{"alert":"hi"}}""", "BadRequestPayload" },
        { """{"aps":{"event":"update","content-state":{}}}""", "BadRequestPayload" },
        { """{"aps":{"event":"update","timestamp":"now","content-state":{}}}""", "BadRequestPayload" },
        { """{"aps":{"event":"update","timestamp":1700000000}}""", "BadRequestPayload" },
        { """{"aps":{"event":"start","timestamp":1700000000,"content-state":{},"attributes-type":"A","attributes":{}}}""", "BadRequestParams" },
        { """{"aps":{"event":"other","timestamp":1700000000,"content-state":{}}}""", "BadRequestParams" },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public async Task Payload_NotAnUpdateOrEnd_Rejected(string payload, string reason)
    {
        var answer = await Send(Fixture.Broadcast(StoredChannel, payload));

        Assert.Equal((400, reason), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Payload_EndWithAlertAndDismissal_Accepted()
    {
        var payload = """{"aps":{"event":"end","timestamp":1700000000,"dismissal-date":1700003600,"content-state":{"score":"2-1"},"alert":{"title":"Final","body":"2-1"}},"match":7}""";

        var answer = await Send(Fixture.Broadcast(StoredChannel, payload));

        Assert.Equal(200, answer.Status);
    }

    [Theory]
    [InlineData(5120, 200, null)]
    [InlineData(5121, 413, "PayloadTooLarge")]
    public async Task Payload_SizeLimitIs5120Bytes(int size, int status, string? reason)
    {
        var answer = await Send(Fixture.Broadcast(StoredChannel, PayloadOfSize(size)));

        Assert.Equal((status, reason), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Certificate_ForTheApp_Accepted()
    {
        var channel = Fixture.Simulator.CreateChannel(OtherBundleId);
        var client = Fixture.CreateClient(Fixture.Simulator.IssueClientCertificate(OtherBundleId));

        var answer = await Send(client, Fixture.Broadcast(channel, bundleId: OtherBundleId, jwt: null));

        Assert.Equal(200, answer.Status);
        Assert.Equal("certificate", Fixture.RecordOf(answer.RequestId).AuthMode);
    }

    [Fact]
    public async Task Certificate_ForAnotherApp_TopicMismatch()
    {
        var client = Fixture.CreateClient(Fixture.Simulator.IssueClientCertificate(OtherBundleId));

        var answer = await Send(client, Fixture.Broadcast(StoredChannel, jwt: null));

        Assert.Equal((403, "TopicMismatch"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Token_KeyNotForTheApp_TopicMismatch()
    {
        var channel = Fixture.Simulator.CreateChannel(OtherBundleId);

        var answer = await Send(Fixture.Broadcast(channel, bundleId: OtherBundleId));

        Assert.Equal((403, "TopicMismatch"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData(null, "MissingProviderToken")]
    [InlineData("garbage", "InvalidProviderToken")]
    public async Task Token_MissingOrInvalid_Rejected(string? jwt, string reason)
    {
        var answer = await Send(Fixture.Broadcast(StoredChannel, jwt: jwt));

        Assert.Equal((403, reason), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Certificate_OtherEnvironment_BadCertificateEnvironment()
    {
        var client = Fixture.CreateClient(Fixture.Simulator.IssueClientCertificate(SimulatorFixture.BundleId, ApnsEnvironment.Production));

        var answer = await Send(client, Fixture.Broadcast(StoredChannel, jwt: null));

        Assert.Equal((403, "BadCertificateEnvironment"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData("POST", "/4/broadcasts/apps/", 404, "BadPath")]
    [InlineData("POST", "/4/broadcasts/apps/com.example.app/x", 404, "BadPath")]
    [InlineData("POST", "/4/broadcasts/com.example.app", 404, "BadPath")]
    [InlineData("GET", "/4/broadcasts/apps/com.example.app", 405, "MethodNotAllowed")]
    public async Task BroadcastPath_Wrong_RejectedWithRequestId(string method, string path, int status, string reason)
    {
        var request = Fixture.Broadcast(StoredChannel).WithMethod(new HttpMethod(method));
        request.RequestUri = new Uri(path, UriKind.Relative);

        var answer = await Send(request);

        Assert.Equal((status, reason), (answer.Status, answer.Reason));
        Assert.NotNull(answer.RequestId);
        Assert.Equal(SimulatorRequestKind.Broadcast, Fixture.RecordOf(answer.RequestId).Kind);
    }

    [Fact]
    public async Task SingularBroadcastPath_IsNoBroadcast_BadPath()
    {
        var request = Fixture.Broadcast(StoredChannel);
        request.RequestUri = new Uri("/4/broadcast/apps/com.example.app", UriKind.Relative);

        var answer = await Send(request);

        Assert.Equal((404, "BadPath"), (answer.Status, answer.Reason));
        Assert.NotNull(answer.ApnsId);
    }

    [Fact]
    public async Task RepeatedChannelIdHeader_DuplicateHeaders()
    {
        var request = Fixture.Broadcast(StoredChannel);
        request.Content!.Headers.TryAddWithoutValidation("apns-channel-id", StoredChannel);

        var answer = await Send(request);

        Assert.Equal((400, "DuplicateHeaders"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task ValidationOrder_EarliestRuleAnswers()
    {
        // Credentials, then the app, then headers (push type first), then the channel, then the body.
        var noTokenNoPushType = await Send(Fixture.Broadcast(null, "", jwt: null, pushType: null));
        var otherAppNoPushType = await Send(Fixture.Broadcast(null, "", bundleId: OtherBundleId, pushType: null));
        var noPushTypeNoChannel = await Send(Fixture.Broadcast(null, "", pushType: null));
        var unknownChannelEmptyBody = await Send(Fixture.Broadcast(Convert.ToBase64String(new byte[16]), ""));
        var unstoredExpiringEmptyBody = await Send(Fixture.Broadcast(UnstoredChannel, "", expiration: "60"));

        Assert.Equal("MissingProviderToken", noTokenNoPushType.Reason);
        Assert.Equal("TopicMismatch", otherAppNoPushType.Reason);
        Assert.Equal("MissingPushType", noPushTypeNoChannel.Reason);
        Assert.Equal("ChannelNotRegistered", unknownChannelEmptyBody.Reason);
        Assert.Equal("BadExpirationDate", unstoredExpiringEmptyBody.Reason);
    }

    [Fact]
    public async Task DevicePushes_Unchanged_NoBroadcastFieldsInRecord()
    {
        var answer = await Fixture.SendAsync(Fixture.Push());

        var record = Fixture.RecordOf(answer.ApnsId);
        Assert.Equal((SimulatorRequestKind.DevicePush, null, null), (record.Kind, record.BundleId, record.ChannelId));
    }

    private static string PayloadOfSize(int size)
    {
        var payload = BroadcastRequests.UpdatePayload[..^1] + ""","pad":""}""";
        return payload.Insert(payload.Length - 2, new string('x', size - Encoding.UTF8.GetByteCount(payload)));
    }

    private Task<BroadcastAnswer> Send(HttpRequestMessage request) => Send(Fixture.Client, request);

    private static Task<BroadcastAnswer> Send(HttpClient client, HttpRequestMessage request) => BroadcastRequests.SendAsync(client, request);
}
