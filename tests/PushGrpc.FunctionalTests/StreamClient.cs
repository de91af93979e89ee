using System.Collections.Concurrent;
using Grpc.Core;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>Drives a SendStream the way a caller should: writes and reads concurrently.</summary>
internal static class StreamClient
{
    /// <summary>Writes every notification, half-closes, and returns the results once the call has ended.</summary>
    public static async Task<List<DeliveryResult>> SendAllAsync(
        PushService.PushServiceClient client, IEnumerable<Notification> notifications, TimeSpan timeout, Metadata? headers = null)
    {
        using var stream = new CollectingStream(client, timeout, headers);
        await stream.WriteAllAsync(notifications, complete: true);
        await stream.Reading.WaitAsync(timeout);
        return [.. stream.Results];
    }
}

/// <summary>
/// A SendStream whose results are collected in the background while the test writes and does what it needs between
/// writes (drives the clock, holds answers, changes the configuration).
/// </summary>
internal sealed class CollectingStream : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly AsyncDuplexStreamingCall<SendStreamRequest, SendStreamResponse> _call;

    /// <param name="client">The gateway.</param>
    /// <param name="timeout">The call's deadline (cancelled then); <see cref="TestTimeouts.Bulk"/> unless given.</param>
    /// <param name="headers">The call's headers, such as an API key.</param>
    public CollectingStream(PushService.PushServiceClient client, TimeSpan? timeout = null, Metadata? headers = null)
    {
        _cancel = new CancellationTokenSource(timeout ?? TestTimeouts.Bulk);
        _call = client.SendStream(headers, cancellationToken: _cancel.Token);
        Reading = Task.Run(async () =>
        {
            await foreach (var response in _call.ResponseStream.ReadAllAsync(_cancel.Token))
            {
                Results.Enqueue(response.Result);
            }
        });
    }

    public ConcurrentQueue<DeliveryResult> Results { get; } = new();

    /// <summary>Ends when the call does: with its status as an <see cref="RpcException"/> unless OK.</summary>
    public Task Reading { get; }

    public async Task WriteAllAsync(IEnumerable<Notification> notifications, bool complete)
    {
        foreach (var notification in notifications)
        {
            await _call.RequestStream.WriteAsync(new SendStreamRequest { Notification = notification }).WaitAsync(TestTimeouts.Default);
        }

        if (complete)
        {
            await _call.RequestStream.CompleteAsync().WaitAsync(TestTimeouts.Default);
        }
    }

    public void Cancel() => _cancel.Cancel();

    public void Dispose()
    {
        _call.Dispose();
        _cancel.Dispose();
    }
}
