using Grpc.Core;
using Microsoft.Extensions.Options;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;
using PushGrpc.Server.Options;
using PushGrpc.Server.Security;

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
        var receivedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var notification = request.Notification
            ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "notification: is required"));

        var admission = dispatcher.Admit(notification, Caller.Of(context));
        var response = await SendAsync(notification, admission, context).ConfigureAwait(false);
        var tags = dispatcher.Metrics.TagsFor(notification, admission, receivedAt);
        foreach (var result in response.Results)
        {
            dispatcher.Metrics.RecordResult(tags, result);
        }

        return response;
    }

    private async Task<SendResponse> SendAsync(Notification notification, Admission admission, ServerCallContext context)
    {
        if (admission.IsRateLimited)
        {
            // A unary call is refused as a whole; the trailer and the message carry the retry hint.
            throw new RpcException(new Status(StatusCode.ResourceExhausted, admission.Error!),
                new Metadata { { "retry-after-ms", Math.Ceiling(admission.RetryAfter!.Value.TotalMilliseconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture) } });
        }

        var response = new SendResponse();
        if (!admission.IsValid)
        {
            response.Results.AddRange(admission.RefusedResults());
            return response;
        }

        var recipients = admission.Recipients;
        var sends = new Task<DeliveryResult>[recipients.Count];
        for (var i = 0; i < sends.Length; i++)
        {
            sends[i] = dispatcher.SendAsync(admission, recipients[i], context.CancellationToken);
        }

        response.Results.AddRange(await Task.WhenAll(sends).ConfigureAwait(false));
        return response;
    }

    public override async Task SendStream(
        IAsyncStreamReader<SendStreamRequest> requestStream,
        IServerStreamWriter<SendStreamResponse> responseStream,
        ServerCallContext context)
    {
        using var session = new SendStreamSession(dispatcher, shutdown, responseStream, options.Value.Dispatch.MaxInFlightPerStream, logger, Caller.Of(context));
        await session.RunAsync(requestStream, context.CancellationToken).ConfigureAwait(false);
    }
}
