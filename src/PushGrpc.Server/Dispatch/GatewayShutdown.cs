using Microsoft.Extensions.Options;
using PushGrpc.Server.Options;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// The two moments of a graceful shutdown: <see cref="Stopping"/> (stop reading new notifications) and, the drain
/// time later, <see cref="DrainExpired"/> (stop waiting for APNs answers still outstanding; they are reported FAILED).
/// </summary>
internal sealed class GatewayShutdown : IDisposable
{
    private readonly CancellationTokenSource _drainExpired;
    private readonly CancellationTokenRegistration _onStopping;

    public GatewayShutdown(IHostApplicationLifetime lifetime, IOptions<PushGrpcOptions> options, TimeProvider timeProvider)
    {
        _drainExpired = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        Stopping = lifetime.ApplicationStopping;
        var drainTimeout = options.Value.Dispatch.DrainTimeout;
        _onStopping = Stopping.Register(() => _drainExpired.CancelAfter(drainTimeout));
    }

    public CancellationToken Stopping { get; }

    public CancellationToken DrainExpired => _drainExpired.Token;

    public void Dispose()
    {
        _onStopping.Dispose();
        _drainExpired.Dispose();
    }
}
