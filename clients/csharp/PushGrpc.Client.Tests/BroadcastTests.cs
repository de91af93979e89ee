using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using PushGrpc.Contracts.V1;
using PushGrpc.Examples;
using static PushGrpc.Client.Tests.TestData;

namespace PushGrpc.Client.Tests;

/// <summary>Broadcast channels and Live Activity pushes against the live gateway, and the broadcast example.</summary>
public sealed partial class BroadcastTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    private readonly PushGrpcClient _client = gateway.Client;

    // Channels a test created and has not deleted; DisposeAsync deletes them so a failed test leaves none behind.
    private readonly List<string> _created = [];

    private static Struct ContentState(string score) =>
        Struct.Parser.ParseJson($$"""{"score":"{{score}}","minute":12}""");

    private static Notification PushToStart(params string[] tokens) => LiveActivity.PushToStart(
        "demo",
        tokens,
        "MatchAttributes",
        Struct.Parser.ParseJson("""{"home":"Lions","away":"Tigers"}"""),
        ContentState("0-0"),
        new Alert { Title = "Kick-off", Body = "Lions v Tigers" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var id in _created)
        {
            await _client.DeleteChannelAsync("demo", id);
        }
    }

    private async Task<string> CreateChannelAsync(MessageStoragePolicy policy)
    {
        var response = await _client.CreateChannelAsync("demo", policy);

        Assert.Equal(DeliveryStatus.Accepted, response.Result.Status);
        Assert.NotEmpty(response.Channel.Id);
        Assert.Equal(policy, response.Channel.MessageStoragePolicy);
        _created.Add(response.Channel.Id);
        return response.Channel.Id;
    }

    [Fact]
    public async Task Channel_CreateListBroadcastGetDelete()
    {
        var channelId = await CreateChannelAsync(MessageStoragePolicy.NoMessageStored);

        var list = await _client.ListChannelsAsync("demo");
        Assert.Equal(DeliveryStatus.Accepted, list.Result.Status);
        Assert.Contains(channelId, list.ChannelIds);

        var update = LiveActivity.Broadcast("demo", channelId, ContentState("1-0"));
        update.Id = "b1";
        var result = await _client.BroadcastAsync(update);
        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        Assert.Equal("b1", result.NotificationId);
        Assert.Equal(channelId, result.ChannelId);
        Assert.Empty(result.DeviceToken);
        Assert.NotEmpty(result.ApnsRequestId);

        var got = await _client.GetChannelAsync("demo", channelId);
        Assert.Equal(DeliveryStatus.Accepted, got.Result.Status);
        Assert.Equal(channelId, got.Channel.Id);
        Assert.Equal(MessageStoragePolicy.NoMessageStored, got.Channel.MessageStoragePolicy);

        Assert.Equal(DeliveryStatus.Accepted, (await _client.DeleteChannelAsync("demo", channelId)).Result.Status);
        _created.Remove(channelId);

        var gone = await _client.GetChannelAsync("demo", channelId);
        Assert.Equal(DeliveryStatus.Rejected, gone.Result.Status);
        Assert.Equal("ChannelNotRegistered", gone.Result.Reason);
    }

    [Fact]
    public async Task Broadcast_ExpirationOnNoMessageStoredChannel_IsInvalid()
    {
        var channelId = await CreateChannelAsync(MessageStoragePolicy.NoMessageStored);
        var update = LiveActivity.Broadcast("demo", channelId, ContentState("1-0"));
        update.Expiration = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();

        var result = await _client.BroadcastAsync(update);

        Assert.Equal(DeliveryStatus.Invalid, result.Status);
        Assert.Contains("expiration", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broadcast_EndWithExpirationOnMostRecentMessageChannel_IsAccepted()
    {
        var channelId = await CreateChannelAsync(MessageStoragePolicy.MostRecentMessageStored);
        var end = LiveActivity.Broadcast("demo", channelId, ContentState("2-1"), LiveActivityEvent.End);
        end.Aps.DismissalDate = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        end.Expiration = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();

        var result = await _client.BroadcastAsync(end);

        Assert.True(result.Status == DeliveryStatus.Accepted, result.ToString());
        Assert.Equal(channelId, result.ChannelId);
    }

    [Fact]
    public async Task SendStream_BroadcastBesideDeviceToken_OneResultEach()
    {
        var channelId = await CreateChannelAsync(MessageStoragePolicy.NoMessageStored);
        var broadcast = LiveActivity.Broadcast("demo", channelId, ContentState("3-1"));
        broadcast.Id = "s-channel";
        var alert = NewNotification("s-token", Token(600));

        var results = new Dictionary<string, DeliveryResult>();
        await foreach (var (_, result) in _client.SendStreamAsync([broadcast, alert]))
        {
            results.Add(result.NotificationId, result);
        }

        Assert.Equal(["s-channel", "s-token"], results.Keys.Order());
        Assert.Equal(DeliveryStatus.Accepted, results["s-channel"].Status);
        Assert.Equal(channelId, results["s-channel"].ChannelId);
        Assert.NotEmpty(results["s-channel"].ApnsRequestId);
        Assert.Equal(DeliveryStatus.Accepted, results["s-token"].Status);
        Assert.Equal(Token(600), results["s-token"].DeviceToken);
    }

    [Fact]
    public async Task PushToStart_IsAccepted()
    {
        var start = PushToStart(Token(601));
        start.Aps.InputPushToken = true;

        var result = Assert.Single(await _client.SendAsync(start));

        Assert.True(result.Status == DeliveryStatus.Accepted, result.ToString());
        Assert.Equal(Token(601), result.DeviceToken);
    }

    [Fact]
    public async Task PushToStart_WithoutAttributesType_IsInvalid()
    {
        var start = PushToStart(Token(602));
        start.Aps.AttributesType = "";

        var result = Assert.Single(await _client.SendAsync(start));

        Assert.Equal(DeliveryStatus.Invalid, result.Status);
        Assert.Contains("aps.attributes_type", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broadcast_StartEvent_IsRefusedByTheBuilder() =>
        Assert.Throws<ArgumentOutOfRangeException>(
            () => LiveActivity.Broadcast("demo", "c", ContentState("0-0"), LiveActivityEvent.Start));

    [Fact]
    public async Task BroadcastExample_UpdatesEndsAndDeletes_ThenTheChannelIsGone()
    {
        var (exit, stdout, stderr) = await RunExampleAsync(
            BroadcastCommand.RunAsync,
            "--address", GatewayFixture.Address, "--app", "demo", "--storage", "most-recent-message-stored",
            "--content-state", """{"score":"1-0"}""", "--title", "Goal", "--body", "Lions lead", "--end", "--delete");

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.Equal(6, lines.Length); // five lines and the final newline
        Assert.Matches(AcceptedLine("create"), lines[0]);
        var channelLine = ChannelLine().Match(lines[1]);
        Assert.True(channelLine.Success, lines[1]);
        var channelId = channelLine.Groups[1].Value;
        Assert.Matches(AcceptedLine("update"), lines[2]);
        Assert.Matches(AcceptedLine("end"), lines[3]);
        Assert.Matches(AcceptedLine("delete"), lines[4]);

        (exit, stdout, stderr) = await RunExampleAsync(
            BroadcastCommand.RunAsync, "--address", GatewayFixture.Address, "--channel", channelId,
            "--content-state", """{"score":"1-1"}""");

        Assert.True(exit == 1, stderr);
        var again = stdout.Split('\n');
        Assert.Equal(3, again.Length);
        Assert.Equal($"channel: {channelId}", again[0]);
        // The gateway reads the channel's storage policy before broadcasting; that read is what APNs refuses.
        Assert.Matches(
            @"^update: REJECTED apns-request-id=\S+ http=400 reason=ChannelNotRegistered message="".+""$", again[1]);
    }

    private static Regex AcceptedLine(string step) => new($@"^{step}: ACCEPTED apns-request-id=\S+$");

    [GeneratedRegex(@"^channel: (\S+)$")]
    private static partial Regex ChannelLine();
}
