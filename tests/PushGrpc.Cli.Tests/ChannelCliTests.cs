using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PushGrpc.Apns;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Hosting;

namespace PushGrpc.Cli.Tests;

/// <summary>`pushgrpc channel ...` and `pushgrpc send --channel` against a live gateway (embedded simulator).</summary>
public sealed class ChannelCliTests(CliGatewayFixture gateway) : IClassFixture<CliGatewayFixture>
{
    // Any base64 id the simulator never handed out.
    private const string UnknownChannel = "AAAAAAAAAAAAAAAAAAAAAA==";

    private ApnsSimulator.ApnsSimulator Simulator => gateway.Gateway.Services.GetRequiredService<EmbeddedSimulator>().Simulator;

    [Fact]
    public async Task Channel_CreateListSendGetDelete_EachStepPrintsItsResult()
    {
        var create = await RunAsync("channel", "create", "--app", "demo", "--storage", "most-recent", "--json");
        Assert.Equal(0, create.ExitCode);
        var created = JsonDocument.Parse(create.Output).RootElement;
        Assert.Equal("DELIVERY_STATUS_ACCEPTED", created.GetProperty("result").GetProperty("status").GetString());
        Assert.NotEmpty(created.GetProperty("result").GetProperty("apnsRequestId").GetString()!);
        var channelId = created.GetProperty("channel").GetProperty("id").GetString()!;
        Assert.Equal(ApnsMessageStoragePolicy.MostRecentMessageStored, Simulator.StoragePolicyOf(EmbeddedSimulator.Topic, channelId));

        var list = await RunAsync("channel", "list", "--app", "demo");
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"-\s*│\s*-\s*│\s*ACCEPTED\s*│\s*200\s*│", list.Output);
        Assert.Matches(@"channel \(\d+\)", list.Output);
        Assert.Contains(channelId, list.Output, StringComparison.Ordinal);

        var send = await RunAsync("send", "--app", "demo", "--channel", channelId, "--id", "score-1", "--event", "update", "--content-state", """{"home":2,"away":1}""");
        Assert.Equal(0, send.ExitCode);
        Assert.Matches(@"channel\s*│\s*status\s*│\s*http\s*│\s*reason\s*│\s*apns-request-id", send.Output);
        Assert.Matches(System.Text.RegularExpressions.Regex.Escape(channelId) + @"\s*│\s*ACCEPTED\s*│\s*200\s*│", send.Output);
        var broadcast = Assert.Single(Simulator.Records, r => r.ChannelId == channelId && r.Kind == SimulatorRequestKind.Broadcast);
        Assert.Equal("liveactivity", broadcast.PushType);
        Assert.Contains(broadcast.ApnsId, send.Output, StringComparison.Ordinal);

        var get = await RunAsync("channel", "get", "--app", "demo", "--channel", channelId);
        Assert.Equal(0, get.ExitCode);
        Assert.Matches(System.Text.RegularExpressions.Regex.Escape(channelId) + @"\s*│\s*most-recent\s*│\s*ACCEPTED\s*│\s*200\s*│", get.Output);

        var delete = await RunAsync("channel", "delete", "--app", "demo", "--channel", channelId);
        Assert.Equal(0, delete.ExitCode);
        Assert.Matches(@"ACCEPTED\s*│\s*204\s*│", delete.Output);
        Assert.DoesNotContain(channelId, Simulator.ChannelsOf(EmbeddedSimulator.Topic));

        var late = await RunAsync("send", "--app", "demo", "--channel", channelId, "--event", "end", "--content-state", "{}", "--json");
        Assert.Equal(2, late.ExitCode);
        var result = JsonDocument.Parse(late.Output).RootElement.GetProperty("results")[0];
        Assert.Equal(channelId, result.GetProperty("channelId").GetString());
        Assert.Equal("ChannelNotRegistered", result.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("get")]
    [InlineData("delete")]
    public async Task Channel_Unknown_ShowsChannelNotRegisteredAndExitsTwo(string verb)
    {
        var run = await RunAsync("channel", verb, "--app", "demo", "--channel", UnknownChannel);

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"REJECTED\s*│\s*400\s*│\s*ChannelNotRegistered\s*│", run.Output);
    }

    [Fact]
    public async Task Send_UnknownChannel_ShowsChannelNotRegisteredAndExitsTwo()
    {
        var run = await RunAsync("send", "--app", "demo", "--channel", UnknownChannel, "--event", "update", "--content-state", """{"home":1}""");

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(System.Text.RegularExpressions.Regex.Escape(UnknownChannel) + @"\s*│\s*REJECTED\s*│\s*400\s*│\s*ChannelNotRegistered\s*│", run.Output);
    }

    [Fact]
    public async Task Send_NoStorageChannelWithExpiration_IsInvalidNamingExpirationAndExitsTwo()
    {
        var channelId = Simulator.CreateChannel(EmbeddedSimulator.Topic, ApnsMessageStoragePolicy.NoMessageStored);

        var run = await RunAsync("send", "--app", "demo", "--channel", channelId, "--event", "update", "--content-state", "{}",
            "--expiration", DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("INVALID", run.Output, StringComparison.Ordinal);
        Assert.Contains("expiration", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Simulator.Records, r => r.ChannelId == channelId && r.Kind == SimulatorRequestKind.Broadcast);
    }

    [Theory]
    [InlineData("channel", "create", "--app", "demo", "--storage", "forever")]
    [InlineData("send", "--app", "demo", "--channel", UnknownChannel, "--token", "aa", "--event", "update")]
    [InlineData("send", "--app", "demo", "--body", "neither token nor channel")]
    [InlineData("send", "--app", "demo", "--channel", UnknownChannel, "--event", "begin")]
    [InlineData("send", "--app", "demo", "--channel", UnknownChannel, "--event", "update", "--content-state", "[1")]
    public async Task BadFlags_ExitWithUsageErrorAndSendNothing(params string[] args)
    {
        var before = Simulator.Records.Count;

        var run = await RunAsync(args);

        Assert.Equal(64, run.ExitCode);
        Assert.NotEmpty(run.Error);
        Assert.Equal(before, Simulator.Records.Count);
    }

    [Theory]
    [InlineData("no-message", MessageStoragePolicy.NoMessageStored)]
    [InlineData("Most-Recent", MessageStoragePolicy.MostRecentMessageStored)]
    [InlineData("0", MessageStoragePolicy.NoMessageStored)]
    [InlineData("1", MessageStoragePolicy.MostRecentMessageStored)]
    [InlineData("MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED", MessageStoragePolicy.MostRecentMessageStored)]
    public void Storage_NamesApnsNumbersAndProtoNames_AreRead(string flag, MessageStoragePolicy expected) =>
        Assert.Equal(expected, ChannelCommand.ParseStoragePolicy(flag));

    [Fact]
    public void LiveActivityFields_TimestampDefaultsToNowForEventsAndBroadcastsAndFlagsOverride()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var defaulted = new NotificationFields { Event = "update", ContentState = """{"home":1}""" }.ToBroadcast("demo", UnknownChannel);
        var given = new NotificationFields { Event = "end", Timestamp = "1700000000", StaleDate = "1700000600", DismissalDate = "1700003600" }.ToBroadcast("demo", UnknownChannel);

        Assert.Equal(UnknownChannel, defaulted.ChannelId);
        Assert.Empty(defaulted.DeviceTokens);
        Assert.Equal(LiveActivityEvent.Update, defaulted.Aps.Event);
        Assert.Equal(1, defaulted.Aps.ContentState.Fields["home"].NumberValue);
        Assert.InRange(defaulted.Aps.Timestamp, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(LiveActivityEvent.End, given.Aps.Event);
        Assert.Equal(1700000000, given.Aps.Timestamp);
        Assert.Equal(1700000600, given.Aps.StaleDate);
        Assert.Equal(1700003600, given.Aps.DismissalDate);
        Assert.InRange(new NotificationFields().ToBroadcast("demo", UnknownChannel).Aps.Timestamp, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.False(new NotificationFields { Body = "no event" }.ToNotification("demo", ["aa"]).Aps.HasTimestamp);
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync([.. args, "--address", gateway.GrpcAddress]);
}
