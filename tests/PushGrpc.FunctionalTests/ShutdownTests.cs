using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>Stopping the gateway mid-stream: every notification gets its result, none is lost.</summary>
public sealed class ShutdownTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Shutdown_DuringSendStream_AnswersEveryNotificationThenEndsTheCall()
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

        // Every notification gets its result: sent and answered, or (read after the stop began) not sent and saying
        // so. The call ends OK only if nothing was turned away.
        var status = StatusCode.OK;
        try
        {
            await reader.WaitAsync(TestTimeouts.Default);
        }
        catch (RpcException error)
        {
            status = error.StatusCode;
        }

        var notSent = AssertEachAnsweredOnce(fixture, results, count);
        Assert.Equal(notSent == 0 ? StatusCode.OK : StatusCode.Unavailable, status);
    }

    /// <summary>
    /// Exactly one result per notification; those not ACCEPTED were not sent because of the shutdown and say so; the
    /// ACCEPTED ones are exactly what reached APNs. Returns how many were not sent.
    /// </summary>
    internal static int AssertEachAnsweredOnce(GatewayFixture fixture, List<DeliveryResult> results, int count)
    {
        Assert.Equal(count, results.Count);
        Assert.Equal(count, results.Select(r => r.NotificationId).Distinct().Count());
        var notSent = results.Where(r => r.Status != DeliveryStatus.Accepted).ToList();
        Assert.All(notSent, r =>
        {
            Assert.Equal(DeliveryStatus.Failed, r.Status);
            Assert.Contains("shutting down", r.Message, StringComparison.Ordinal);
        });
        var accepted = results.Where(r => r.Status == DeliveryStatus.Accepted).Select(r => r.ApnsId).Order();
        Assert.Equal(fixture.Simulator.Records.Select(r => r.ApnsId).Order(), accepted);
        Assert.Empty(fixture.ErrorLogs);
        return notSent.Count;
    }
}

/// <summary>
/// Stopping the gateway while the caller is still writing: the gateway goes on reading until the caller half-closes
/// and answers what it reads then with "not sent, send it again", so every notification written gets its result and
/// the call is not cut under the caller's feet (a connection closed under late DATA is answered by a TCP reset that
/// can destroy results on their way).
/// </summary>
public sealed class ShutdownWhileWritingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Shutdown_WhileTheCallerIsStillWriting_AnswersEveryNotificationWrittenAndEndsUnavailable()
    {
        const int before = 2_000;
        const int after = 2_000;
        using var cancel = new CancellationTokenSource(TestTimeouts.Bulk);
        using var call = fixture.Client.SendStream(cancellationToken: cancel.Token);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStopping = fixture.Gateway.Services.GetRequiredService<IHostApplicationLifetime>()
            .ApplicationStopping.Register(() => stopping.TrySetResult());
        var results = new List<DeliveryResult>();
        var firstResult = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancel.Token))
            {
                results.Add(response.Result);
                firstResult.TrySetResult();
            }
        });

        // Half of the notifications before the stop, the other half after it has begun, then the half-close.
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < before + after; i++)
            {
                if (i == before)
                {
                    await stopping.Task;
                }

                await call.RequestStream.WriteAsync(new SendStreamRequest
                {
                    Notification = SendTests.Alert(GatewayFixture.TokenApp, $"n{i}", [GatewayFixture.NewToken()]),
                });
            }

            await call.RequestStream.CompleteAsync();
        });

        await firstResult.Task.WaitAsync(TestTimeouts.Default);
        var stop = fixture.Gateway.StopAsync();
        await writer.WaitAsync(TestTimeouts.Bulk);
        var error = await Assert.ThrowsAsync<RpcException>(() => reader.WaitAsync(TestTimeouts.Bulk));
        await stop.WaitAsync(TestTimeouts.Bulk);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        var notSent = ShutdownTests.AssertEachAnsweredOnce(fixture, results, before + after);
        Assert.InRange(notSent, after, before + after);
    }
}
