using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.FunctionalTests.Security;

/// <summary>Rate limits per API key and per app: reached, answered with a retry hint, and recovered.</summary>
public sealed class RateLimitTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>
{
    [Fact]
    public async Task Send_KeyLimitReached_IsResourceExhaustedWithRetryHintThenRecovers()
    {
        using var channel = fixture.Channel();
        var client = fixture.Client(channel);
        var metadata = SecureGatewayFixture.Bearer(SecureGatewayFixture.LimitedKey);
        Task<SendResponse> Send(string id) => client
            .SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.AppB, id) }, metadata)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Burst 2 at 1 per second: of five at once, two pass and the rest are refused as a whole. A loaded machine may
        // start the calls spread out; the bucket then refills one per second of that spread, and no more.
        var started = Stopwatch.StartNew();
        var sends = Enumerable.Range(1, 5).Select(i => Send($"k-{i}")).ToArray();
        await Task.WhenAll(sends).ContinueWith(_ => { }, TaskScheduler.Default);
        var accepted = sends.Count(s => s.IsCompletedSuccessfully && s.Result.Results.Single().Status == DeliveryStatus.Accepted);
        Assert.InRange(accepted, 2, 2 + (int)Math.Ceiling(started.Elapsed.TotalSeconds));
        var refused = sends.Where(s => s.IsFaulted).ToList();
        Assert.Equal(sends.Length - accepted, refused.Count);
        var error = Assert.IsType<RpcException>(refused.First().Exception!.InnerException);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("key-limited", error.Status.Detail, StringComparison.Ordinal);
        var retryAfterMs = int.Parse(error.Trailers.GetValue("retry-after-ms")!, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfterMs, 1, 1000);

        await Task.Delay(retryAfterMs + 50);
        Assert.Equal(DeliveryStatus.Accepted, Assert.Single((await Send("k-4")).Results).Status);
    }

    [Fact]
    public async Task SendStream_AppLimitReached_FailsExcessWithRetryAfterAndStreamGoesOn()
    {
        using var channel = fixture.Channel();
        var client = fixture.Client(channel);
        using var cancel = new CancellationTokenSource(TestTimeouts.Default);
        using var call = client.SendStream(SecureGatewayFixture.Bearer(SecureGatewayFixture.KeyForA), cancellationToken: cancel.Token);

        // Burst 3 at 5 per second: of 8 sent at once, the first 3 pass (a refill may let one more through).
        for (var i = 0; i < 8; i++)
        {
            await call.RequestStream.WriteAsync(new SendStreamRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.LimitedApp, $"burst-{i}") }, cancel.Token);
        }

        var first = new List<DeliveryResult>();
        while (first.Count < 8 && await call.ResponseStream.MoveNext(cancel.Token))
        {
            first.Add(call.ResponseStream.Current.Result);
        }

        var limited = first.Where(r => r.Reason == DeliveryResults.RateLimitedReason).ToList();
        Assert.InRange(first.Count(r => r.Status == DeliveryStatus.Accepted), 3, 4);
        Assert.Equal(8, first.Count(r => r.Status == DeliveryStatus.Accepted) + limited.Count);
        Assert.All(limited, r =>
        {
            Assert.Equal(DeliveryStatus.Failed, r.Status);
            Assert.Equal(0, r.HttpStatus);
            Assert.Equal(0, r.Attempts);
            Assert.Contains("app \"app-limited\"", r.Message, StringComparison.Ordinal);
            Assert.InRange(r.RetryAfter.ToTimeSpan(), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        });

        // Recovered: after the hint, the same stream sends again.
        await Task.Delay(limited.Max(r => r.RetryAfter.ToTimeSpan()) + TimeSpan.FromMilliseconds(50));
        await call.RequestStream.WriteAsync(new SendStreamRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.LimitedApp, "after") }, cancel.Token);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal("after", call.ResponseStream.Current.Result.NotificationId);
        Assert.Equal(DeliveryStatus.Accepted, call.ResponseStream.Current.Result.Status);
        Assert.False(await call.ResponseStream.MoveNext(cancel.Token));
    }
}
