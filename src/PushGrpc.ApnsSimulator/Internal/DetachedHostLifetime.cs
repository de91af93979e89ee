using Microsoft.Extensions.Hosting;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// A host lifetime that ignores Ctrl+C and SIGTERM: an in-process simulator must not stop (or swallow the signal of)
/// the process that embeds it. Its owner stops it by disposing the simulator.
/// </summary>
internal sealed class DetachedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
