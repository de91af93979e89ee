using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using PushGrpc.Apns.Tests.Infrastructure;
using static PushGrpc.Apns.Tests.Infrastructure.ApnsAnswer;

namespace PushGrpc.Apns.Tests;

/// <summary>Broadcast sends (apns-reference §7.2) over real HTTP/2+TLS against the in-test Kestrel server.</summary>
public sealed class ApnsBroadcastTests : IClassFixture<CertificateFixture>, IDisposable
{
    private const string BundleId = "com.example.app";
    private const string ChannelId = "dHN0MTIzNDU2Nzg5MGFiY2RlZg==";
    private static readonly byte[] Payload = """{"aps":{"event":"update","content-state":{"score":"1-0"},"timestamp":1700000000}}"""u8.ToArray();

    private readonly CertificateFixture _certificates;
    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ApnsBroadcastTests(CertificateFixture certificates) => _certificates = certificates;

    public void Dispose() => _signingKey.Dispose();

    [Fact]
    public async Task SendToChannelAsync_TokenMode_PostsToBroadcastPathWithChannelHeadersAndNoTopic()
    {
        await using var server = await StartAsync(context =>
        {
            context.Response.StatusCode = 200;
            context.Response.Headers["apns-request-id"] = context.Request.Headers["apns-request-id"].ToString();
            context.Response.Headers["apns-unique-id"] = "unique-1";
            return Task.CompletedTask;
        });
        await using var client = CreateClient(server);
        var requestId = Guid.NewGuid();

        var response = await client.SendToChannelAsync(Broadcast(), ChannelId).WithTimeout();
        var second = await client.SendToChannelAsync(Broadcast(apnsId: requestId), ChannelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(200, response.HttpStatus);
        Assert.Equal("unique-1", response.ApnsUniqueId);
        Assert.Equal(1, response.Attempts);
        Assert.Equal(requestId.ToString("D"), second.ApnsRequestId);
        var requests = server.Requests.ToArray();
        Assert.Equal(response.ApnsRequestId, requests[0].Headers["apns-request-id"]);
        var request = requests[1];
        Assert.Equal("POST", request.Method);
        Assert.Equal("HTTP/2", request.Protocol);
        Assert.Equal("/4/broadcasts/apps/" + BundleId, request.Path);
        Assert.Equal(Payload, request.Body);
        Assert.Equal(ChannelId, request.Headers["apns-channel-id"]);
        Assert.Equal("liveactivity", request.Headers["apns-push-type"]);
        Assert.Equal("0", request.Headers["apns-expiration"]);
        Assert.Equal("10", request.Headers["apns-priority"]);
        Assert.Equal(requestId.ToString("D"), request.Headers["apns-request-id"]);
        Assert.False(request.Headers.ContainsKey("apns-topic"));
        Assert.False(request.Headers.ContainsKey("apns-id"));
        Assert.StartsWith("bearer ", request.Headers["authorization"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "ChannelNotRegistered", ApnsReason.ChannelNotRegistered, ApnsOutcome.Rejected)]
    [InlineData(400, "BadExpirationDate", ApnsReason.BadExpirationDate, ApnsOutcome.Rejected)]
    [InlineData(400, "FeatureNotEnabled", ApnsReason.FeatureNotEnabled, ApnsOutcome.Rejected)]
    [InlineData(403, "TopicMismatch", ApnsReason.TopicMismatch, ApnsOutcome.Rejected)]
    [InlineData(400, "SomethingApnsAddedLater", ApnsReason.Unknown, ApnsOutcome.Rejected)]
    public async Task SendToChannelAsync_ErrorAnswer_ReasonParsedAndRequestIdFromAnswer(
        int status, string reason, ApnsReason expected, ApnsOutcome outcome)
    {
        await using var server = await StartAsync(context => Answer(context, status, reason, requestId: "answered-id"));
        await using var client = CreateClient(server);

        var response = await client.SendToChannelAsync(Broadcast(), ChannelId).WithTimeout();

        Assert.Equal(outcome, response.Outcome);
        Assert.Equal(status, response.HttpStatus);
        Assert.Equal(expected, response.Reason);
        Assert.Equal(reason, response.ReasonText);
        Assert.Equal("answered-id", response.ApnsRequestId);
        Assert.Single(server.Requests);
        Assert.Null(client.CredentialProblem);
    }

    [Fact]
    public async Task SendToChannelAsync_ServiceUnavailableThenOk_ResentWithTheSameRequestId()
    {
        var calls = 0;
        await using var server = await StartAsync(context =>
            Interlocked.Increment(ref calls) == 1 ? Answer(context, 503, "ServiceUnavailable") : Answer(context, 200));
        await using var client = CreateClient(server);

        var response = await client.SendToChannelAsync(Broadcast(), ChannelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Single(requests.Select(r => r.Headers["apns-request-id"]).Distinct());
        Assert.Equal(response.ApnsRequestId, requests[0].Headers["apns-request-id"]);
    }

    [Fact]
    public async Task SendToChannelAsync_BlockedByTheCredentialGate_KeepsItsRequestId()
    {
        await using var server = await StartAsync(context => Answer(context, 403, "InvalidProviderToken"));
        await using var client = CreateClient(server);
        var requestId = Guid.NewGuid();

        var rejected = await client.SendToChannelAsync(Broadcast(), ChannelId).WithTimeout();
        var blocked = await client.SendToChannelAsync(Broadcast(apnsId: requestId), ChannelId).WithTimeout();

        Assert.Equal(ApnsReason.InvalidProviderToken, rejected.Reason);
        Assert.NotNull(client.CredentialProblem);
        Assert.Equal(ApnsOutcome.Failed, blocked.Outcome);
        Assert.Equal(0, blocked.Attempts);
        Assert.Equal(requestId.ToString("D"), blocked.ApnsRequestId);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendToChannelAsync_StreamResetAfterTheServerGotIt_FailedWithTheSentRequestId()
    {
        await using var server = await StartAsync(TestApnsServer.ResetStream);
        await using var client = CreateClient(server);
        var requestId = Guid.NewGuid();

        // apns-expiration 0: a request that may have been delivered is not resent.
        var response = await client.SendToChannelAsync(Broadcast(apnsId: requestId), ChannelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(0, response.HttpStatus);
        Assert.Equal(requestId.ToString("D"), response.ApnsRequestId);
        Assert.Equal(requestId.ToString("D"), Assert.Single(server.Requests).Headers["apns-request-id"]);
    }

    [Fact]
    public async Task SendToChannelAsync_CertificateMode_NoAuthorizationHeaderAndClientCertificatePresented()
    {
        await using var server = await StartAsync(context => Answer(context, 200));
        await using var client = CreateClient(server, new ApnsCertificateCredential(_certificates.ClientCertificate));

        var response = await client.SendToChannelAsync(Broadcast(), ChannelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        var request = Assert.Single(server.Requests);
        Assert.False(request.Headers.ContainsKey("authorization"));
        Assert.Equal(_certificates.ClientCertificate.Thumbprint, request.ClientCertificateThumbprint);
    }

    public static TheoryData<string> NotBroadcasts => ["alert push type", "suffixed topic", "no expiration", "no priority", "path in topic"];

    [Theory]
    [MemberData(nameof(NotBroadcasts))]
    public async Task SendToChannelAsync_NotABroadcast_ThrowsArgumentExceptionAndSendsNothing(string what)
    {
        await using var server = await StartAsync(context => Answer(context, 200));
        await using var client = CreateClient(server);
        var notification = what switch
        {
            "alert push type" => new ApnsNotification(BundleId, ApnsPushType.Alert, Payload) { Expiration = 0, Priority = ApnsPriority.Immediate },
            "suffixed topic" => Broadcast(topic: BundleId + ".push-type.liveactivity"),
            "no expiration" => new ApnsNotification(BundleId, ApnsPushType.LiveActivity, Payload) { Priority = ApnsPriority.Immediate },
            "no priority" => new ApnsNotification(BundleId, ApnsPushType.LiveActivity, Payload) { Expiration = 0 },
            _ => Broadcast(topic: "com.example.app/../../3/device/00"),
        };

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendToChannelAsync(notification, ChannelId)).WithTimeout();

        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("", ApnsReason.MissingChannelId)]
    [InlineData("abc\r\napns-topic: x", ApnsReason.BadChannelId)]
    [InlineData("abc def", ApnsReason.BadChannelId)]
    public async Task SendToChannelAsync_UnsendableChannelId_RejectedWithoutRequest(string channelId, ApnsReason expected)
    {
        await using var server = await StartAsync(context => Answer(context, 200));
        await using var client = CreateClient(server);

        var response = await client.SendToChannelAsync(Broadcast(), channelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Rejected, response.Outcome);
        Assert.Equal(expected, response.Reason);
        Assert.Equal(0, response.HttpStatus);
        Assert.Equal(0, response.Attempts);
        Assert.NotNull(response.ApnsRequestId);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendToChannelAsync_PayloadOver5120Bytes_RejectedWithoutRequest_5120Sent()
    {
        await using var server = await StartAsync(context => Answer(context, 200));
        await using var client = CreateClient(server);
        var notification = (int size) => new ApnsNotification(BundleId, ApnsPushType.LiveActivity, new byte[size])
        {
            Expiration = 0,
            Priority = ApnsPriority.ConservePower,
        };

        var tooLarge = await client.SendToChannelAsync(notification(5121), ChannelId).WithTimeout();
        var largest = await client.SendToChannelAsync(notification(5120), ChannelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Rejected, tooLarge.Outcome);
        Assert.Equal(ApnsReason.PayloadTooLarge, tooLarge.Reason);
        Assert.Equal(0, tooLarge.Attempts);
        Assert.Equal(ApnsOutcome.Accepted, largest.Outcome);
        Assert.Equal(5120, Assert.Single(server.Requests).Body.Length);
        Assert.Equal("5", Assert.Single(server.Requests).Headers["apns-priority"]);
    }

    private Task<TestApnsServer> StartAsync(Func<HttpContext, Task> respond) =>
        TestApnsServer.StartAsync(_certificates.ServerCertificate, respond: respond);

    private ApnsClient CreateClient(TestApnsServer server, ApnsCredential? credential = null) =>
        new(new ApnsClientOptions
        {
            Credential = credential ?? new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
            BaseAddress = server.BaseAddress,
            TrustedCaCertificate = _certificates.Ca,
            PoolSize = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        });

    private static ApnsNotification Broadcast(string topic = BundleId, long expiration = 0, Guid? apnsId = null) =>
        new(topic, ApnsPushType.LiveActivity, Payload) { Expiration = expiration, Priority = ApnsPriority.Immediate, ApnsId = apnsId };
}
