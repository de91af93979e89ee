using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PushGrpc.Server.Observability;

/// <summary>Counts every gRPC call (and every transcoded HTTP/JSON call) by method and final status code.</summary>
internal sealed class GrpcMetricsInterceptor(GatewayMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Record(context, start, null);
            return response;
        }
        catch (Exception ex)
        {
            Record(context, start, ex);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(requestStream, context).ConfigureAwait(false);
            Record(context, start, null);
            return response;
        }
        catch (Exception ex)
        {
            Record(context, start, ex);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            Record(context, start, null);
        }
        catch (Exception ex)
        {
            Record(context, start, ex);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            Record(context, start, null);
        }
        catch (Exception ex)
        {
            Record(context, start, ex);
            throw;
        }
    }

    private void Record(ServerCallContext context, long start, Exception? exception)
    {
        var code = exception switch
        {
            null => context.Status.StatusCode,
            RpcException rpc => rpc.StatusCode,
            OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
            _ => StatusCode.Unknown,
        };

        // Only mapped methods reach an interceptor, so the method name is one of a fixed set.
        metrics.RecordCall(context.Method.TrimStart('/'), code, Stopwatch.GetElapsedTime(start));
    }
}
