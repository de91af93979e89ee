using Grpc.Core;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Server.Services;

/// <summary>
/// The HTTP/JSON routes (gRPC JSON transcoding of pushgrpc.http.v1.HttpApi): POST /v1/notifications:send and the
/// /v1/apps/{app}/channels routes. Each has the same request, results, interceptors (authentication, metrics) and
/// errors as its gRPC method, because it is that method: PushService.Send or ChannelService's.
/// </summary>
internal sealed class HttpApiService(PushService push, ChannelService channels) : Http.HttpApi.HttpApiBase
{
    public override Task<SendResponse> Send(SendRequest request, ServerCallContext context) => push.Send(request, context);

    public override Task<CreateChannelResponse> CreateChannel(CreateChannelRequest request, ServerCallContext context) =>
        channels.CreateChannel(request, context);

    public override Task<GetChannelResponse> GetChannel(GetChannelRequest request, ServerCallContext context)
    {
        request.ChannelId = ChannelIdFromPath(request.ChannelId);
        return channels.GetChannel(request, context);
    }

    public override Task<DeleteChannelResponse> DeleteChannel(DeleteChannelRequest request, ServerCallContext context)
    {
        request.ChannelId = ChannelIdFromPath(request.ChannelId);
        return channels.DeleteChannel(request, context);
    }

    public override Task<ListChannelsResponse> ListChannels(ListChannelsRequest request, ServerCallContext context) =>
        channels.ListChannels(request, context);

    /// <summary>
    /// Channel ids are standard base64, so they hold "/" and callers percent-encode it; ASP.NET Core decodes every
    /// escape in a path except %2F (it would change the segments), so that one is decoded here. Base64 has no "%",
    /// so this cannot turn a valid id into another one.
    /// </summary>
    private static string ChannelIdFromPath(string channelId) =>
        channelId.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
