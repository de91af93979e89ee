using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>A caller that cancels its SendStream: what was under way finishes, nothing new is sent.</summary>
public sealed class CancellationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task SendStream_CallerCancels_SendsStopAndNothingNewReachesApns()
    {
        using var cancel = new CancellationTokenSource();
        var call = fixture.Client.SendStream(cancellationToken: cancel.Token);
        for (var i = 0; i < 5_000; i++)
        {
            await call.RequestStream.WriteAsync(new SendStreamRequest
            {
                Notification = SendTests.Alert(GatewayFixture.TokenApp, $"n{i}", [GatewayFixture.NewToken()]),
            }).WaitAsync(TestTimeouts.Default);
        }

        await cancel.CancelAsync();
        call.Dispose();

        // Once the sends under way have finished, the count of notifications APNs received stops moving.
        var settled = fixture.Simulator.Records.Count;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await Task.Delay(200);
            var now = fixture.Simulator.Records.Count;
            if (now == settled && attempt > 5)
            {
                break;
            }

            settled = now;
        }

        await Task.Delay(1000);
        Assert.Equal(settled, fixture.Simulator.Records.Count);
        Assert.InRange(settled, 0, 5_000);
        Assert.Empty(fixture.ErrorLogs);

        // The gateway is unharmed: the next call works.
        var response = await fixture.Client.SendAsync(new SendRequest
        {
            Notification = SendTests.Alert(GatewayFixture.TokenApp, "after", [GatewayFixture.NewToken()]),
        }).ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.Equal(DeliveryStatus.Accepted, Assert.Single(response.Results).Status);
    }
}
