using Grpc.Core;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>Drives a SendStream the way a caller should: writes and reads concurrently.</summary>
internal static class StreamClient
{
    public static async Task<List<DeliveryResult>> SendAllAsync(
        PushService.PushServiceClient client, IEnumerable<Notification> notifications, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var call = client.SendStream(cancellationToken: cancel.Token);
        var results = new List<DeliveryResult>();
        var reader = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancel.Token))
            {
                results.Add(response.Result);
            }
        });

        foreach (var notification in notifications)
        {
            await call.RequestStream.WriteAsync(new SendStreamRequest { Notification = notification }, cancel.Token);
        }

        await call.RequestStream.CompleteAsync();
        await reader.WaitAsync(timeout);
        return results;
    }
}
