using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PushGrpc.Server.Security;

/// <summary>
/// Authenticates every PushService call before it runs (UNAUTHENTICATED otherwise) and attaches the
/// <see cref="Caller"/>; which apps it may use is decided per notification.
/// </summary>
internal sealed class CallerAuthInterceptor(CallerRegistry callers) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        callers.Authenticate(context).AttachTo(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        callers.Authenticate(context).AttachTo(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        callers.Authenticate(context).AttachTo(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        callers.Authenticate(context).AttachTo(context);
        return continuation(requestStream, responseStream, context);
    }
}
