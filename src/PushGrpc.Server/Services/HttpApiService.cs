using Grpc.Core;
using Microsoft.Extensions.Options;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;
using PushGrpc.Server.Options;

namespace PushGrpc.Server.Services;

/// <summary>
/// POST /v1/notifications:send (gRPC JSON transcoding of pushgrpc.http.v1.HttpApi/Send): the same request, results,
/// interceptors (authentication, metrics) and errors as PushService.Send, because it is PushService.Send.
/// </summary>
internal sealed class HttpApiService(
    NotificationDispatcher dispatcher,
    GatewayShutdown shutdown,
    IOptions<PushGrpcOptions> options,
    ILogger<PushService> logger) : Http.HttpApi.HttpApiBase
{
    public override Task<SendResponse> Send(SendRequest request, ServerCallContext context) =>
        new PushService(dispatcher, shutdown, options, logger).Send(request, context);
}
