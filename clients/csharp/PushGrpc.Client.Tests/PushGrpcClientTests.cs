using Grpc.Core;
using PushGrpc.Contracts.V1;
using PushGrpc.Examples;
using static PushGrpc.Client.Tests.TestData;

namespace PushGrpc.Client.Tests;

public sealed class PushGrpcClientTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    // The embedded simulator answers 400 BadDeviceToken for tokens starting ffffffff0400, 410 Unregistered for
    // ffffffff0410, and 200 for any other well-formed token.
    private static readonly string BadDeviceToken = "ffffffff0400" + string.Concat(Enumerable.Repeat("ab", 26));
    private static readonly string UnregisteredToken = "ffffffff0410" + string.Concat(Enumerable.Repeat("ab", 26));

    private readonly PushGrpcClient _client = gateway.Client;

    [Fact]
    public async Task Send_SingleToken_IsAccepted()
    {
        var results = await _client.SendAsync(NewNotification("one", Token(1)));

        var result = Assert.Single(results);
        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        Assert.Equal("one", result.NotificationId);
        Assert.Equal(Token(1), result.DeviceToken);
        Assert.Equal(200, result.HttpStatus);
        Assert.NotEmpty(result.ApnsId);
    }

    [Fact]
    public async Task Send_Multicast_ReturnsResultsInTokenOrder()
    {
        string[] tokens = [Token(10), Token(11), Token(12)];

        var results = await _client.SendAsync(NewNotification("multi", tokens));

        Assert.Equal(tokens, results.Select(r => r.DeviceToken));
        Assert.All(results, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        Assert.All(results, r => Assert.Equal("multi", r.NotificationId));
    }

    [Fact]
    public async Task Send_BadDeviceToken_IsRejected()
    {
        var result = Assert.Single(await _client.SendAsync(NewNotification("bad", BadDeviceToken)));

        Assert.Equal(DeliveryStatus.Rejected, result.Status);
        Assert.Equal("BadDeviceToken", result.Reason);
        Assert.Equal(400, result.HttpStatus);
    }

    [Fact]
    public async Task Send_UnregisteredToken_CarriesTokenInvalidSince()
    {
        var result = Assert.Single(await _client.SendAsync(NewNotification("gone", UnregisteredToken)));

        Assert.Equal(DeliveryStatus.Rejected, result.Status);
        Assert.Equal("Unregistered", result.Reason);
        Assert.Equal(410, result.HttpStatus);
        Assert.NotNull(result.TokenInvalidSince);
    }

    [Fact]
    public async Task Send_InvalidNotifications_GetInvalidResultsNamingTheField()
    {
        var badToken = Assert.Single(await _client.SendAsync(NewNotification("short", "abc")));
        Assert.Equal(DeliveryStatus.Invalid, badToken.Status);
        Assert.Contains("device_tokens[0]", badToken.Message, StringComparison.Ordinal);

        var unknownApp = NewNotification("app", Token(1));
        unknownApp.App = "no-such-app";
        var badApp = Assert.Single(await _client.SendAsync(unknownApp));
        Assert.Equal(DeliveryStatus.Invalid, badApp.Status);
        Assert.Contains("app", badApp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WithoutNotification_IsInvalidArgument()
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await _client.Service.SendAsync(new SendRequest()));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task SendStream_TenThousand_ReturnsOneResultEach()
    {
        const int count = 10_000;
        const int invalidAt = 4_999; // id n5000
        var notifications = Enumerable.Range(0, count)
            .Select(i => NewNotification($"n{i + 1}", i == invalidAt ? "abc" : Token(i)));
        var ids = new HashSet<string>();
        var invalid = new List<DeliveryResult>();

        await foreach (var (notification, result) in _client.SendStreamAsync(notifications, window: 1000))
        {
            Assert.NotNull(notification);
            Assert.Equal(notification.Id, result.NotificationId);
            Assert.True(ids.Add(result.NotificationId), $"second result for {result.NotificationId}");
            if (result.Status == DeliveryStatus.Invalid)
            {
                invalid.Add(result);
            }
            else
            {
                Assert.Equal(DeliveryStatus.Accepted, result.Status);
            }
        }

        Assert.Equal(count, ids.Count);
        var single = Assert.Single(invalid);
        Assert.Equal("n5000", single.NotificationId);
        Assert.Contains("device_tokens[0]", single.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendStream_FailingProducer_RethrowsItsException()
    {
        async IAsyncEnumerable<Notification> Produce()
        {
            yield return NewNotification("p1", Token(1));
            await Task.Yield();
            throw new InvalidOperationException("producer failed");
        }

        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var unused in _client.SendStreamAsync(Produce()))
            {
            }
        });
        Assert.Equal("producer failed", e.Message);
    }

    [Fact]
    public async Task Send_OverTlsWithCaFile_IsAccepted()
    {
        using var tls = PushGrpcClient.Connect(GatewayFixture.TlsAddress, tls: true, caFile: GatewayFixture.CaFile);

        var result = Assert.Single(await tls.SendAsync(NewNotification("tls", Token(1))));

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
    }

    [Fact]
    public async Task SendExample_PrintsSummary()
    {
        var tokens = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(tokens, $"{Token(1)}\n\n{BadDeviceToken}\n{Token(2)}\n");

            var (exit, stdout, stderr) = await RunExampleAsync(
                SendCommand.RunAsync, "--address", GatewayFixture.Address, "--tokens", tokens, "--title", "Hi", "--body", "there");

            Assert.True(exit == 0, stderr);
            Assert.Equal("sent: 3\naccepted: 2\nrejected: 1 (BadDeviceToken: 1)\nfailed: 0\ninvalid: 0\n", stdout);
        }
        finally
        {
            File.Delete(tokens);
        }
    }

    [Fact]
    public async Task SendExample_TransportError_ExitsOne()
    {
        var tokens = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(tokens, Token(1) + "\n");

            // Port 1 on loopback: nothing listens there, so the call fails with Unavailable.
            var (exit, _, stderr) = await RunExampleAsync(SendCommand.RunAsync, "--address", "127.0.0.1:1", "--tokens", tokens);

            Assert.Equal(1, exit);
            Assert.Contains("Unavailable", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(tokens);
        }
    }
}
