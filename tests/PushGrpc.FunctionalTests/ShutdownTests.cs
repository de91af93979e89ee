using Grpc.Core;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>Stopping the gateway mid-stream: every notification it read gets its result, none is lost.</summary>
public sealed class ShutdownTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Shutdown_DuringSendStream_AnswersEveryNotificationReadAndEndsUnavailable()
    {
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

        // Keep writing until the gateway stops reading; the writes after that are the caller's to resend.
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 1_000_000 && !cancel.IsCancellationRequested; i++)
            {
                await call.RequestStream.WriteAsync(new SendStreamRequest
                {
                    Notification = SendTests.Alert(GatewayFixture.TokenApp, $"n{i}", [GatewayFixture.NewToken()]),
                });
            }
        });
        await firstResult.Task.WaitAsync(TestTimeouts.Default);

        await fixture.Gateway.StopAsync().WaitAsync(TestTimeouts.Bulk);

        var error = await Assert.ThrowsAsync<RpcException>(() => reader.WaitAsync(TestTimeouts.Default));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => writer.WaitAsync(TestTimeouts.Default));

        // Every notification that reached APNs was answered on the stream, exactly once, and nothing is pending.
        var accepted = results.Where(r => r.Status == DeliveryStatus.Accepted).Select(r => r.ApnsId).ToHashSet();
        var received = fixture.Simulator.Records.Select(r => r.ApnsId).ToHashSet();
        Assert.NotEmpty(results);
        Assert.Equal(results.Count, results.Select(r => r.NotificationId).Distinct().Count());
        Assert.Equal(received, accepted);
        Assert.All(results, r => Assert.True(r.Status == DeliveryStatus.Accepted, r.ToString()));
        Assert.Empty(fixture.ErrorLogs);
    }
}
