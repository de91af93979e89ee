using System.Text;
using Google.Protobuf.WellKnownTypes;
using PushGrpc.Apns;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>
/// Live Activity broadcast channels through the real gateway to the simulator: ChannelService over gRPC to the
/// simulator's channel-management listener, broadcasts to its push listener.
/// </summary>
public sealed class BroadcastTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private ChannelService.ChannelServiceClient Channels => fixture.Channels;

    [Fact]
    public async Task Channel_CreateListBroadcastGetDelete_EachStepAnswersLikeApns()
    {
        var created = await Channels.CreateChannelAsync(new CreateChannelRequest
        {
            App = GatewayFixture.TokenApp,
            MessageStoragePolicy = MessageStoragePolicy.MostRecentMessageStored,
        });
        Assert.Equal(DeliveryStatus.Accepted, created.Result.Status);
        Assert.Equal(201, created.Result.HttpStatus);
        Assert.NotEmpty(created.Result.ApnsRequestId);
        var channelId = created.Channel.Id;
        Assert.NotEmpty(channelId);
        Assert.Equal(MessageStoragePolicy.MostRecentMessageStored, created.Channel.MessageStoragePolicy);
        Assert.Contains(channelId, fixture.Simulator.ChannelsOf(GatewayFixture.TokenTopic));

        var listed = await Channels.ListChannelsAsync(new ListChannelsRequest { App = GatewayFixture.TokenApp });
        Assert.Equal(DeliveryStatus.Accepted, listed.Result.Status);
        Assert.Contains(channelId, listed.ChannelIds);

        var sent = await fixture.Client.SendAsync(new SendRequest { Notification = Update(channelId, "score-1") });
        var result = Assert.Single(sent.Results);
        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        Assert.Equal("score-1", result.NotificationId);
        Assert.Equal(channelId, result.ChannelId);
        Assert.Empty(result.DeviceToken);
        Assert.Equal(200, result.HttpStatus);
        Assert.NotEmpty(result.ApnsRequestId);
        Assert.Empty(result.ApnsId);
        var record = Assert.Single(fixture.Simulator.Records, r => r.ChannelId == channelId && r.Kind == SimulatorRequestKind.Broadcast);
        Assert.Equal("liveactivity", record.PushType);
        Assert.Equal(10, record.Priority);
        // Unset expiration on a most-recent-message channel: the 8 hours APNs keeps it at most.
        Assert.InRange(record.Expiration!.Value - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 8 * 3600 - 120, 8 * 3600);
        Assert.Contains("\"event\":\"update\"", Encoding.UTF8.GetString(record.Payload.Span), StringComparison.Ordinal);

        var read = await Channels.GetChannelAsync(new GetChannelRequest { App = GatewayFixture.TokenApp, ChannelId = channelId });
        Assert.Equal(DeliveryStatus.Accepted, read.Result.Status);
        Assert.Equal(channelId, read.Channel.Id);
        Assert.Equal(MessageStoragePolicy.MostRecentMessageStored, read.Channel.MessageStoragePolicy);

        var deleted = await Channels.DeleteChannelAsync(new DeleteChannelRequest { App = GatewayFixture.TokenApp, ChannelId = channelId });
        Assert.Equal(DeliveryStatus.Accepted, deleted.Result.Status);
        Assert.Equal(204, deleted.Result.HttpStatus);
        Assert.DoesNotContain(channelId, fixture.Simulator.ChannelsOf(GatewayFixture.TokenTopic));

        var gone = await Channels.GetChannelAsync(new GetChannelRequest { App = GatewayFixture.TokenApp, ChannelId = channelId });
        AssertChannelNotRegistered(gone.Result);
        Assert.Null(gone.Channel);

        var late = Assert.Single((await fixture.Client.SendAsync(new SendRequest { Notification = Update(channelId, "late") })).Results);
        AssertChannelNotRegistered(late);
        Assert.Equal(channelId, late.ChannelId);
        Assert.Empty(fixture.ErrorLogs);
    }

    [Fact]
    public async Task Broadcast_NoStorageChannelWithNonZeroExpiration_IsInvalidAndNothingIsSent()
    {
        var channelId = await CreateAsync(MessageStoragePolicy.NoMessageStored);
        var notification = Update(channelId, "too-late");
        notification.Expiration = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();

        var result = Assert.Single((await fixture.Client.SendAsync(new SendRequest { Notification = notification })).Results);

        Assert.Equal(DeliveryStatus.Invalid, result.Status);
        Assert.StartsWith("expiration: must be 0 for channel ", result.Message, StringComparison.Ordinal);
        Assert.Equal(channelId, result.ChannelId);
        Assert.DoesNotContain(fixture.Simulator.Records, r => r.ChannelId == channelId && r.Kind == SimulatorRequestKind.Broadcast);
    }

    [Fact]
    public async Task Broadcast_NoStorageChannelLearnedFromApns_SendsExpirationZero()
    {
        // Created behind the gateway's back: it learns the policy with one read, then broadcasts with expiration 0.
        var channelId = fixture.Simulator.CreateChannel(GatewayFixture.TokenTopic, ApnsMessageStoragePolicy.NoMessageStored);

        var first = Assert.Single((await fixture.Client.SendAsync(new SendRequest { Notification = Update(channelId, "a") })).Results);
        var second = Assert.Single((await fixture.Client.SendAsync(new SendRequest { Notification = Update(channelId, "b") })).Results);

        Assert.Equal(DeliveryStatus.Accepted, first.Status);
        Assert.Equal(DeliveryStatus.Accepted, second.Status);
        var broadcasts = fixture.Simulator.Records.Where(r => r.ChannelId == channelId).ToList();
        Assert.Equal(2, broadcasts.Count(r => r.Kind == SimulatorRequestKind.Broadcast));
        Assert.All(broadcasts.Where(r => r.Kind == SimulatorRequestKind.Broadcast), r => Assert.Equal(0, r.Expiration));
        // One read of the channel's configuration, not one per broadcast.
        Assert.Single(broadcasts, r => r.Kind == SimulatorRequestKind.ReadChannel);
    }

    [Fact]
    public async Task Broadcast_ToUnknownChannel_IsRejectedChannelNotRegistered()
    {
        var result = Assert.Single((await fixture.Client.SendAsync(new SendRequest
        {
            Notification = Update(Convert.ToBase64String(Guid.NewGuid().ToByteArray()), "nobody"),
        })).Results);

        AssertChannelNotRegistered(result);
    }

    [Fact]
    public async Task SendStream_MixesTokensAndChannels_OneResultPerTokenAndOnePerChannel()
    {
        var channelId = await CreateAsync(MessageStoragePolicy.MostRecentMessageStored);
        var tokens = new[] { GatewayFixture.NewToken(), GatewayFixture.NewToken() };
        var multicast = new Notification
        {
            Id = "tokens",
            App = GatewayFixture.TokenApp,
            DeviceTokens = { tokens },
            Aps = new Aps { Alert = new Alert { Body = "hi" } },
        };
        var startIsInvalid = Update(channelId, "start");
        startIsInvalid.Aps.Event = LiveActivityEvent.Start;

        var results = await StreamClient.SendAllAsync(fixture.Client,
            [multicast, Update(channelId, "update"), startIsInvalid], TestTimeouts.Default);

        Assert.Equal(4, results.Count);
        Assert.Equal(tokens.Order(), results.Where(r => r.NotificationId == "tokens").Select(r => r.DeviceToken).Order());
        var update = Assert.Single(results, r => r.NotificationId == "update");
        Assert.Equal(DeliveryStatus.Accepted, update.Status);
        Assert.Equal(channelId, update.ChannelId);
        var start = Assert.Single(results, r => r.NotificationId == "start");
        Assert.Equal(DeliveryStatus.Invalid, start.Status);
        Assert.Equal(channelId, start.ChannelId);
        Assert.Equal("aps.event: a broadcast cannot start a Live Activity: send event start to a push-to-start token instead", start.Message);
    }

    [Fact]
    public async Task PushToStart_ToDeviceToken_IsSentAsLiveActivityWithStartKeys()
    {
        var channelId = await CreateAsync(MessageStoragePolicy.MostRecentMessageStored);
        var notification = new Notification
        {
            Id = "start",
            App = GatewayFixture.TokenApp,
            DeviceTokens = { GatewayFixture.NewToken() },
            Aps = new Aps
            {
                Event = LiveActivityEvent.Start,
                Alert = new Alert { Title = "Kick-off" },
                AttributesType = "MatchAttributes",
                Attributes = new Struct { Fields = { ["match"] = Value.ForString("A-B") } },
                ContentState = new Struct { Fields = { ["home"] = Value.ForNumber(0) } },
                Timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                InputPushChannel = channelId,
            },
        };

        var result = Assert.Single((await fixture.Client.SendAsync(new SendRequest { Notification = notification })).Results);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        var record = Assert.Single(fixture.Simulator.Records, r => r.ApnsId == result.ApnsId);
        Assert.Equal("liveactivity", record.PushType);
        Assert.Equal(GatewayFixture.TokenTopic + ".push-type.liveactivity", record.Topic);
        var payload = Encoding.UTF8.GetString(record.Payload.Span);
        Assert.Contains("\"event\":\"start\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"attributes-type\":\"MatchAttributes\"", payload, StringComparison.Ordinal);
        Assert.Contains($"\"input-push-channel\":\"{channelId}\"", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushToStart_WithoutAttributesType_IsInvalidNamingTheField()
    {
        var notification = new Notification
        {
            App = GatewayFixture.TokenApp,
            DeviceTokens = { GatewayFixture.NewToken() },
            Aps = new Aps
            {
                Event = LiveActivityEvent.Start,
                Alert = new Alert { Title = "Kick-off" },
                Attributes = new Struct(),
                ContentState = new Struct(),
                Timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            },
        };

        var result = Assert.Single((await fixture.Client.SendAsync(new SendRequest { Notification = notification })).Results);

        Assert.Equal(DeliveryStatus.Invalid, result.Status);
        Assert.Equal("aps.attributes_type: required when aps.event is start", result.Message);
    }

    [Theory]
    [InlineData(GatewayFixture.P12App, GatewayFixture.P12Topic)]
    [InlineData(GatewayFixture.PemApp, GatewayFixture.PemTopic)]
    public async Task Channel_CertificateApp_CreatesAndBroadcastsOverMutualTls(string app, string topic)
    {
        var created = await Channels.CreateChannelAsync(new CreateChannelRequest
        {
            App = app,
            MessageStoragePolicy = MessageStoragePolicy.NoMessageStored,
        });
        Assert.Equal(DeliveryStatus.Accepted, created.Result.Status);
        Assert.Contains(created.Channel.Id, fixture.Simulator.ChannelsOf(topic));

        var result = Assert.Single((await fixture.Client.SendAsync(new SendRequest { Notification = Update(created.Channel.Id, "cert", app) })).Results);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        var record = Assert.Single(fixture.Simulator.Records, r => r.ChannelId == created.Channel.Id && r.Kind == SimulatorRequestKind.Broadcast);
        Assert.Equal("certificate", record.AuthMode);
    }

    [Theory]
    [InlineData("", MessageStoragePolicy.NoMessageStored, "app: must name a configured app")]
    [InlineData("no-such-app", MessageStoragePolicy.NoMessageStored, "app: unknown app \"no-such-app\"")]
    [InlineData(GatewayFixture.TokenApp, MessageStoragePolicy.Unspecified,
        "message_storage_policy: required: MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED or MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED")]
    public async Task CreateChannel_BadRequest_IsInvalidNamingTheField(string app, MessageStoragePolicy policy, string message)
    {
        var before = fixture.Simulator.Records.Count;

        var created = await Channels.CreateChannelAsync(new CreateChannelRequest { App = app, MessageStoragePolicy = policy });

        Assert.Equal(DeliveryStatus.Invalid, created.Result.Status);
        Assert.Equal(message, created.Result.Message);
        Assert.Equal(0, created.Result.Attempts);
        Assert.Null(created.Channel);
        Assert.Equal(before, fixture.Simulator.Records.Count);
    }

    [Fact]
    public async Task GetChannel_MalformedChannelId_IsInvalidNamingTheField()
    {
        var read = await Channels.GetChannelAsync(new GetChannelRequest { App = GatewayFixture.TokenApp, ChannelId = "not base64!" });

        Assert.Equal(DeliveryStatus.Invalid, read.Result.Status);
        Assert.Equal("channel_id: must be a channel id as APNs returned it (base64)", read.Result.Message);
    }

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable, 503, "ServiceUnavailable")]
    [InlineData(FaultKind.InternalServerError, 500, "InternalServerError")]
    [InlineData(FaultKind.TooManyRequests, 429, "TooManyRequests")]
    public async Task ListChannels_ApnsFailsEveryAttempt_IsFailedWithApnsReason(FaultKind kind, int status, string reason)
    {
        using var fault = fixture.Simulator.Faults.Add(new FaultRule(kind));

        var listed = await Channels.ListChannelsAsync(new ListChannelsRequest { App = GatewayFixture.TokenApp });

        Assert.Equal(DeliveryStatus.Failed, listed.Result.Status);
        Assert.Equal(status, listed.Result.HttpStatus);
        Assert.Equal(reason, listed.Result.Reason);
        Assert.Equal(3, listed.Result.Attempts);
    }

    private async Task<string> CreateAsync(MessageStoragePolicy policy)
    {
        var created = await Channels.CreateChannelAsync(new CreateChannelRequest { App = GatewayFixture.TokenApp, MessageStoragePolicy = policy });
        Assert.Equal(DeliveryStatus.Accepted, created.Result.Status);
        return created.Channel.Id;
    }

    private static Notification Update(string channelId, string id, string app = GatewayFixture.TokenApp) => new()
    {
        Id = id,
        App = app,
        ChannelId = channelId,
        Aps = new Aps
        {
            Event = LiveActivityEvent.Update,
            ContentState = new Struct { Fields = { ["home"] = Value.ForNumber(2), ["away"] = Value.ForNumber(1) } },
            Timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        },
    };

    private static void AssertChannelNotRegistered(ChannelResult result)
    {
        Assert.Equal(DeliveryStatus.Rejected, result.Status);
        Assert.Equal(400, result.HttpStatus);
        Assert.Equal("ChannelNotRegistered", result.Reason);
        Assert.NotEmpty(result.ApnsRequestId);
    }

    private static void AssertChannelNotRegistered(DeliveryResult result)
    {
        Assert.Equal(DeliveryStatus.Rejected, result.Status);
        Assert.Equal(400, result.HttpStatus);
        Assert.Equal("ChannelNotRegistered", result.Reason);
        Assert.NotEmpty(result.ApnsRequestId);
    }
}
