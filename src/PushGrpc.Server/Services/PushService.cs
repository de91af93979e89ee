using Grpc.Core;
using Microsoft.Extensions.Options;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;
using PushGrpc.Server.Options;

namespace PushGrpc.Server.Services;

/// <summary>The gRPC PushService: thin; the work is in <see cref="NotificationDispatcher"/>.</summary>
internal sealed class PushService(
    NotificationDispatcher dispatcher,
    GatewayShutdown shutdown,
    IOptions<PushGrpcOptions> options,
    ILogger<PushService> logger) : Contracts.V1.PushService.PushServiceBase
{
    public override async Task<SendResponse> Send(SendRequest request, ServerCallContext context)
    {
        var notification = request.Notification
            ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "notification: is required"));

        var admission = dispatcher.Admit(notification);
        var response = new SendResponse();
        if (!admission.IsValid)
        {
            var tokens = notification.DeviceTokens;
            for (var i = 0; i < Math.Max(tokens.Count, 1); i++)
            {
                response.Results.Add(DeliveryResults.Invalid(notification.Id, i < tokens.Count ? tokens[i] : string.Empty, admission.Error!));
            }

            return response;
        }

        var sends = new Task<DeliveryResult>[notification.DeviceTokens.Count];
        for (var i = 0; i < sends.Length; i++)
        {
            sends[i] = dispatcher.SendAsync(admission, notification.DeviceTokens[i], context.CancellationToken);
        }

        response.Results.AddRange(await Task.WhenAll(sends).ConfigureAwait(false));
        return response;
    }

    public override async Task SendStream(
        IAsyncStreamReader<SendStreamRequest> requestStream,
        IServerStreamWriter<SendStreamResponse> responseStream,
        ServerCallContext context)
    {
        using var session = new SendStreamSession(dispatcher, shutdown, responseStream, options.Value.Dispatch.MaxInFlightPerStream, logger);
        await session.RunAsync(requestStream, context.CancellationToken).ConfigureAwait(false);
    }
}
