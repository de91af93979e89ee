using System.Text;
using System.Text.Json;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>The channel-management listener (apns-reference §7.1, §7.3) over real HTTP/2.</summary>
public sealed class ChannelManagementTests(SimulatorFixture fixture) : SimulatorTests<SimulatorFixture>(fixture)
{
    private const string OtherBundleId = "com.example.other";

    private HttpClient Management => field ??= Fixture.CreateManagementClient();

    [Fact]
    public async Task Lifecycle_CreateListReadBroadcastDelete_ChannelGoneAfterwards()
    {
        var created = await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel(BroadcastRequests.CreateBody(1)));
        Assert.Equal((201, string.Empty), (created.Status, created.Body));
        Assert.True(Guid.TryParseExact(created.RequestId, "D", out _));
        Assert.Null(created.ApnsId);
        var channelId = created.ChannelId!;
        Assert.Equal(16, Convert.FromBase64String(channelId).Length);

        var listed = await BroadcastRequests.SendAsync(Management, Fixture.ListChannels());
        Assert.Equal(200, listed.Status);
        Assert.Contains(channelId, listed.Channels());
        Assert.Contains(channelId, Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId));

        var read = await BroadcastRequests.SendAsync(Management, Fixture.ReadChannel(channelId));
        Assert.Equal((200, "application/json"), (read.Status, read.ContentType));
        using (var json = JsonDocument.Parse(read.Body))
        {
            Assert.Equal(1, json.RootElement.GetProperty("message-storage-policy").GetInt32());
            Assert.Equal("LiveActivity", json.RootElement.GetProperty("push-type").GetString());
        }

        var sent = await BroadcastRequests.SendAsync(Fixture.Client, Fixture.Broadcast(channelId, expiration: "1900000000"));
        Assert.Equal((200, string.Empty), (sent.Status, sent.Body));
        Assert.NotNull(sent.UniqueId);
        var broadcast = Fixture.RecordOf(sent.RequestId);
        Assert.Equal(
            (SimulatorRequestKind.Broadcast, SimulatorFixture.BundleId, channelId, "liveactivity", 10, 1900000000L, "token"),
            (broadcast.Kind, broadcast.BundleId, broadcast.ChannelId, broadcast.PushType, broadcast.Priority, broadcast.Expiration, broadcast.AuthMode));
        Assert.Equal(BroadcastRequests.UpdatePayload, Encoding.UTF8.GetString(broadcast.Payload.Span));
        var createRecord = Fixture.RecordOf(created.RequestId);
        Assert.Equal((SimulatorRequestKind.CreateChannel, 201, channelId), (createRecord.Kind, createRecord.Status, createRecord.ChannelId));
        Assert.True(createRecord.Accepted);

        var deleted = await BroadcastRequests.SendAsync(Management, Fixture.DeleteChannel(channelId));
        Assert.Equal((204, string.Empty), (deleted.Status, deleted.Body));
        Assert.Equal(SimulatorRequestKind.DeleteChannel, Fixture.RecordOf(deleted.RequestId).Kind);

        var gone = await BroadcastRequests.SendAsync(Management, Fixture.ReadChannel(channelId));
        Assert.Equal((400, "ChannelNotRegistered", "application/json"), (gone.Status, gone.Reason, gone.ContentType));
        Assert.NotNull(gone.RequestId);
        Assert.DoesNotContain(channelId, (await BroadcastRequests.SendAsync(Management, Fixture.ListChannels())).Channels());
        Assert.DoesNotContain(channelId, Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId));
        var afterDelete = await BroadcastRequests.SendAsync(Fixture.Client, Fixture.Broadcast(channelId));
        Assert.Equal((400, "ChannelNotRegistered"), (afterDelete.Status, afterDelete.Reason));
    }

    [Fact]
    public async Task RequestId_GivenEchoedAbsentGeneratedInvalidRefused()
    {
        var given = Guid.NewGuid().ToString();
        var echoed = await BroadcastRequests.SendAsync(Management, Fixture.ListChannels().With("apns-request-id", given));
        var generated = await BroadcastRequests.SendAsync(Management, Fixture.ListChannels());
        var invalid = await BroadcastRequests.SendAsync(Management, Fixture.ListChannels().With("apns-request-id", "not-a-uuid"));

        Assert.Equal((200, given), (echoed.Status, echoed.RequestId));
        Assert.Equal(generated.RequestId!.ToLowerInvariant(), generated.RequestId);
        Assert.True(Guid.TryParseExact(generated.RequestId, "D", out _));
        Assert.Equal((400, "BadMessageId"), (invalid.Status, invalid.Reason));
        Assert.True(Guid.TryParseExact(invalid.RequestId, "D", out _));
        Assert.Null(invalid.ApnsId);
    }

    [Theory]
    [InlineData("", 400, "PayloadEmpty")]
    [InlineData("not json", 400, "BadRequestPayload")]
    [InlineData("[1]", 400, "BadRequestPayload")]
    [InlineData("""{"message-storage-policy":1,"push-type":"LiveActivity"} x""", 400, "BadRequestPayload")]
    [InlineData("""{"message-storage-policy":1,"push-type":"LiveActivity","name":"x"}""", 400, "BadRequestParams")]
    [InlineData("""{"message-storage-policy":2,"push-type":"LiveActivity"}""", 400, "BadRequestParams")]
    [InlineData("""{"message-storage-policy":"1","push-type":"LiveActivity"}""", 400, "BadRequestParams")]
    [InlineData("""{"push-type":"LiveActivity"}""", 400, "BadRequestParams")]
    [InlineData("""{"message-storage-policy":1}""", 400, "MissingPushType")]
    [InlineData("""{"message-storage-policy":1,"push-type":"alert"}""", 400, "InvalidPushType")]
    [InlineData("""{"message-storage-policy":0,"push-type":"liveactivity"}""", 201, null)]
    [InlineData("""{"push-type":"LIVEACTIVITY","message-storage-policy":1}""", 201, null)]
    public async Task Create_Body_JudgedLikeApns(string body, int status, string? reason)
    {
        var answer = await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel(body));

        Assert.Equal((status, reason), (answer.Status, answer.Reason));
        Assert.Equal(status == 201, answer.ChannelId is not null);
    }

    [Fact]
    public async Task Create_BodyOver5120Bytes_PayloadTooLarge()
    {
        var body = BroadcastRequests.CreateBody()[..^1] + $$""","pad":"{{new string('x', 5120)}}"}""";

        var answer = await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel(body));

        Assert.Equal((413, "PayloadTooLarge"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task StoragePolicy_Immutable_NoUpdateOperationAndEveryCreateIsANewChannel()
    {
        var channelId = await Fixture.CreateChannelAsync(Management, storagePolicy: 0);

        var put = await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel(BroadcastRequests.CreateBody(1)).WithMethod(HttpMethod.Put).With("apns-channel-id", channelId));
        var recreate = await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel(BroadcastRequests.CreateBody(1)).With("apns-channel-id", channelId));
        var read = await BroadcastRequests.SendAsync(Management, Fixture.ReadChannel(channelId));

        Assert.Equal((405, "MethodNotAllowed"), (put.Status, put.Reason));
        Assert.Equal(201, recreate.Status);
        Assert.NotEqual(channelId, recreate.ChannelId);
        Assert.Contains("\"message-storage-policy\":0", read.Body, StringComparison.Ordinal);
        Assert.Equal(ApnsMessageStoragePolicy.NoMessageStored, Fixture.Simulator.StoragePolicyOf(SimulatorFixture.BundleId, channelId));
        Assert.Equal(ApnsMessageStoragePolicy.MostRecentMessageStored, Fixture.Simulator.StoragePolicyOf(SimulatorFixture.BundleId, recreate.ChannelId!));
    }

    public static TheoryData<string?, string> BadChannelIds => new()
    {
        { null, "MissingChannelId" },
        { "", "MissingChannelId" },
        { "not base64!", "BadChannelId" },
        { "abc", "BadChannelId" },
        { Convert.ToBase64String(new byte[60]), "BadChannelId" },
        { Convert.ToBase64String(new byte[16]), "ChannelNotRegistered" },
    };

    [Theory]
    [MemberData(nameof(BadChannelIds))]
    public async Task ReadAndDelete_BadChannelId_Rejected(string? channelId, string reason)
    {
        var read = await BroadcastRequests.SendAsync(Management, Fixture.ReadChannel(channelId));
        var delete = await BroadcastRequests.SendAsync(Management, Fixture.DeleteChannel(channelId));

        Assert.Equal((400, reason), (read.Status, read.Reason));
        Assert.Equal((400, reason), (delete.Status, delete.Reason));
    }

    [Fact]
    public async Task ChannelOfAnotherApp_NotRegisteredForThisOne()
    {
        var elsewhere = Fixture.Simulator.CreateChannel(OtherBundleId);

        var read = await BroadcastRequests.SendAsync(Management, Fixture.ReadChannel(elsewhere));

        Assert.Equal((400, "ChannelNotRegistered"), (read.Status, read.Reason));
        Assert.DoesNotContain(elsewhere, Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId));
    }

    [Fact]
    public async Task ClearChannels_EveryAppEmptied()
    {
        var mine = Fixture.Simulator.CreateChannel(SimulatorFixture.BundleId, ApnsMessageStoragePolicy.NoMessageStored);
        Fixture.Simulator.CreateChannel(OtherBundleId);
        Assert.Equal(ApnsMessageStoragePolicy.NoMessageStored, Fixture.Simulator.StoragePolicyOf(SimulatorFixture.BundleId, mine));

        Fixture.Simulator.ClearChannels();

        Assert.Empty(Fixture.Simulator.ChannelsOf(SimulatorFixture.BundleId));
        Assert.Empty(Fixture.Simulator.ChannelsOf(OtherBundleId));
        Assert.Empty(Fixture.Simulator.ChannelsOf("com.example.never"));
        Assert.Null(Fixture.Simulator.StoragePolicyOf(SimulatorFixture.BundleId, mine));
        var read = await BroadcastRequests.SendAsync(Management, Fixture.ReadChannel(mine));
        Assert.Equal((400, "ChannelNotRegistered"), (read.Status, read.Reason));
        Assert.Empty((await BroadcastRequests.SendAsync(Management, Fixture.ListChannels())).Channels());
    }

    [Theory]
    [InlineData("POST", "/3/device/0000000000000000000000000000000000000000000000000000000000000000", 404, "BadPath")]
    [InlineData("POST", "/4/broadcasts/apps/com.example.app", 404, "BadPath")]
    [InlineData("GET", "/1/apps/com.example.app/channel", 404, "BadPath")]
    [InlineData("GET", "/1/apps//channels", 404, "BadPath")]
    [InlineData("GET", "/1/apps/com.example.app/channels/x", 404, "BadPath")]
    [InlineData("GET", "/", 404, "BadPath")]
    [InlineData("PUT", "/1/apps/com.example.app/channels", 405, "MethodNotAllowed")]
    [InlineData("PATCH", "/", 405, "MethodNotAllowed")]
    [InlineData("POST", "/1/apps/com.example.app/all-channels", 405, "MethodNotAllowed")]
    [InlineData("DELETE", "/1/apps/com.example.app/all-channels", 405, "MethodNotAllowed")]
    public async Task ManagementListener_PathOrMethodOfNoOperation_Rejected(string method, string path, int status, string reason)
    {
        var request = Fixture.CreateChannel().WithMethod(new HttpMethod(method));
        request.RequestUri = new Uri(path, UriKind.Relative);

        var answer = await BroadcastRequests.SendAsync(Management, request);

        Assert.Equal((status, reason), (answer.Status, answer.Reason));
        Assert.NotNull(answer.RequestId);
        Assert.Equal(SimulatorRequestKind.UnknownChannelOperation, Fixture.RecordOf(answer.RequestId).Kind);
    }

    [Theory]
    [InlineData("POST", "/1/apps/com.example.app/channels", 404, "BadPath")]
    [InlineData("GET", "/1/apps/com.example.app/all-channels", 405, "MethodNotAllowed")]
    public async Task PushListener_ManagementPath_RejectedAsDevicePush(string method, string path, int status, string reason)
    {
        var request = Fixture.CreateChannel().WithMethod(new HttpMethod(method));
        request.RequestUri = new Uri(path, UriKind.Relative);

        var answer = await BroadcastRequests.SendAsync(Fixture.Client, request);

        Assert.Equal((status, reason), (answer.Status, answer.Reason));
        Assert.NotNull(answer.ApnsId);
        Assert.Equal(SimulatorRequestKind.DevicePush, Fixture.RecordOf(answer.ApnsId).Kind);
    }

    [Fact]
    public async Task Token_Problems_SameReasonsAsDevicePushes()
    {
        var expiredJwt = Jwt.Create(Fixture.SigningKey, SimulatorFixture.KeyId, SimulatorFixture.TeamId, Fixture.Time.GetUtcNow().ToUnixTimeSeconds() - 3601);

        var missing = await BroadcastRequests.SendAsync(Management, Fixture.ListChannels(jwt: null));
        var invalid = await BroadcastRequests.SendAsync(Management, Fixture.ListChannels(jwt: "garbage"));
        var expired = await BroadcastRequests.SendAsync(Management, Fixture.ListChannels(jwt: expiredJwt));

        Assert.Equal((403, "MissingProviderToken"), (missing.Status, missing.Reason));
        Assert.Equal((403, "InvalidProviderToken"), (invalid.Status, invalid.Reason));
        Assert.Equal((403, "ExpiredProviderToken"), (expired.Status, expired.Reason));
    }

    [Fact]
    public async Task Token_KeyNotForTheAppInPath_TopicMismatch()
    {
        var create = await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel(bundleId: OtherBundleId));
        var list = await BroadcastRequests.SendAsync(Management, Fixture.ListChannels(OtherBundleId));

        Assert.Equal((403, "TopicMismatch"), (create.Status, create.Reason));
        Assert.Equal((403, "TopicMismatch"), (list.Status, list.Reason));
        Assert.Null(create.ChannelId);
    }

    [Fact]
    public async Task Certificate_ForTheApp_ManagesItsChannelsAuthorizationIgnored()
    {
        var client = Fixture.CreateManagementClient(Fixture.Simulator.IssueClientCertificate(OtherBundleId));

        var created = await BroadcastRequests.SendAsync(client, Fixture.CreateChannel(bundleId: OtherBundleId, jwt: "garbage"));
        var listed = await BroadcastRequests.SendAsync(client, Fixture.ListChannels(OtherBundleId, jwt: null));
        var foreign = await BroadcastRequests.SendAsync(client, Fixture.ListChannels(SimulatorFixture.BundleId, jwt: null));

        Assert.Equal(201, created.Status);
        Assert.Contains(created.ChannelId!, listed.Channels());
        Assert.Equal("certificate", Fixture.RecordOf(created.RequestId).AuthMode);
        Assert.Equal((403, "TopicMismatch"), (foreign.Status, foreign.Reason));
    }

    [Fact]
    public async Task Certificate_OtherEnvironment_BadCertificateEnvironment()
    {
        var client = Fixture.CreateManagementClient(Fixture.Simulator.IssueClientCertificate(OtherBundleId, ApnsEnvironment.Production));

        var answer = await BroadcastRequests.SendAsync(client, Fixture.ListChannels(OtherBundleId, jwt: null));

        Assert.Equal((403, "BadCertificateEnvironment"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task RepeatedRequestIdHeader_DuplicateHeaders()
    {
        var requestId = Guid.NewGuid().ToString();
        var request = Fixture.CreateChannel().With("apns-request-id", requestId);

        // HttpClient folds repeated request-header values into one field; a content header of the same name is a
        // second field on the wire (see RequestValidationTests).
        request.Content!.Headers.TryAddWithoutValidation("apns-request-id", requestId);
        var answer = await BroadcastRequests.SendAsync(Management, request);

        Assert.Equal((400, "DuplicateHeaders"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task ValidationOrder_EarliestRuleAnswers()
    {
        // Bad request id before credentials; credentials before the app check; the app check before the body.
        var badIdNoToken = await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel("", jwt: null).With("apns-request-id", "x"));
        var noTokenBadBody = await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel("", jwt: null));
        var otherAppBadBody = await BroadcastRequests.SendAsync(Management, Fixture.CreateChannel("", bundleId: OtherBundleId));

        Assert.Equal("BadMessageId", badIdNoToken.Reason);
        Assert.Equal("MissingProviderToken", noTokenBadBody.Reason);
        Assert.Equal("TopicMismatch", otherAppBadBody.Reason);
    }
}
