using Grpc.Core;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>Stopping the gateway mid-stream: every notification it read gets its result, none is lost.</summary>
public sealed class ShutdownTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Shutdown_DuringSendStream_AnswersEveryNotificationReadThenEndsTheCall()
    {
        const int count = 5_000;
        using var cancel = new CancellationTokenSource(TestTimeouts.Bulk);
        using var call = fixture.Client.SendStream(cancellationToken: cancel.Token);
        var results = new List<DeliveryResult>();
        var firstResult = new TaskCompletionSource();
        var reader = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancel.Token))
            {
                results.Add(response.Result);
                firstResult.TrySetResult();
            }
        });

        // The caller has sent everything and half-closed; the gateway is still reading and sending when it stops.
        for (var i = 0; i < count; i++)
        {
            await call.RequestStream.WriteAsync(new SendStreamRequest
            {
                Notification = SendTests.Alert(GatewayFixture.TokenApp, $"n{i}", [GatewayFixture.NewToken()]),
            });
        }

        await call.RequestStream.CompleteAsync();
        await firstResult.Task.WaitAsync(TestTimeouts.Default);
        await fixture.Gateway.StopAsync().WaitAsync(TestTimeouts.Bulk);

        // Either everything was read before the stop (OK), or the call says the rest was never read (UNAVAILABLE).
        try
        {
            await reader.WaitAsync(TestTimeouts.Default);
            Assert.Equal(count, results.Count);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable)
        {
            Assert.InRange(results.Count, 1, count);
        }

        // Every notification that reached APNs was answered on the stream, exactly once, and nothing is pending.
        var accepted = results.Where(r => r.Status == DeliveryStatus.Accepted).Select(r => r.ApnsId).ToHashSet();
        var received = fixture.Simulator.Records.Select(r => r.ApnsId).ToHashSet();
        Assert.Equal(results.Count, results.Select(r => r.NotificationId).Distinct().Count());
        Assert.Equal(received.Order(), accepted.Order());
        Assert.All(results, r => Assert.True(r.Status == DeliveryStatus.Accepted, r.ToString()));
        Assert.Empty(fixture.ErrorLogs);
    }
}
