using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>
/// APNs's limit of 10,000 channels per app and environment, reached through the gateway. A class (and simulator) of
/// its own: the full channel store would break other tests' creates.
/// </summary>
public sealed class ChannelLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int Limit = 10_000;

    [Fact]
    public async Task CreateChannel_BeyondTenThousand_IsRejectedCannotCreateChannelConfig()
    {
        var request = new CreateChannelRequest { App = GatewayFixture.TokenApp, MessageStoragePolicy = MessageStoragePolicy.NoMessageStored };
        var statuses = new DeliveryStatus[Limit];
        await Parallel.ForAsync(0, Limit, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
            statuses[i] = (await fixture.Channels.CreateChannelAsync(request, cancellationToken: cancellationToken)).Result.Status);

        Assert.All(statuses, status => Assert.Equal(DeliveryStatus.Accepted, status));
        Assert.Equal(Limit, fixture.Simulator.ChannelsOf(GatewayFixture.TokenTopic).Count);

        var refused = await fixture.Channels.CreateChannelAsync(request);
        Assert.Equal(DeliveryStatus.Rejected, refused.Result.Status);
        Assert.Equal(400, refused.Result.HttpStatus);
        Assert.Equal("CannotCreateChannelConfig", refused.Result.Reason);
        Assert.Null(refused.Channel);

        var listed = await fixture.Channels.ListChannelsAsync(new ListChannelsRequest { App = GatewayFixture.TokenApp });
        Assert.Equal(Limit, listed.ChannelIds.Count);

        // Deleting one makes room for one.
        var deleted = await fixture.Channels.DeleteChannelAsync(new DeleteChannelRequest { App = GatewayFixture.TokenApp, ChannelId = listed.ChannelIds[0] });
        Assert.Equal(DeliveryStatus.Accepted, deleted.Result.Status);
        Assert.Equal(DeliveryStatus.Accepted, (await fixture.Channels.CreateChannelAsync(request)).Result.Status);
    }
}
