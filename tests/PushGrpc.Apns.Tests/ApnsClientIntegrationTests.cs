using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using PushGrpc.Apns.Tests.Infrastructure;

namespace PushGrpc.Apns.Tests;

/// <summary>The client over real sockets against an in-test Kestrel HTTP/2 TLS endpoint.</summary>
public sealed class ApnsClientIntegrationTests : IClassFixture<CertificateFixture>, IDisposable
{
    private const string DeviceToken = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static readonly byte[] Payload = """{"aps":{"alert":"hello"}}"""u8.ToArray();

    private readonly CertificateFixture _certificates;
    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ApnsClientIntegrationTests(CertificateFixture certificates) => _certificates = certificates;

    public void Dispose() => _signingKey.Dispose();

    [Fact]
    public async Task SendAsync_FiftyConcurrentWithPoolOfTwo_StaysWithinServerStreamLimitOnBothConnections()
    {
        await using var server = await TestApnsServer.StartAsync(
            _certificates.ServerCertificate, maxStreamsPerConnection: 3, delay: TimeSpan.FromMilliseconds(50));
        await using var client = CreateClient(server, poolSize: 2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.SendAsync(Notification(), DeviceToken))).WithTimeout();

        Assert.All(responses, r => Assert.Equal(ApnsOutcome.Accepted, r.Outcome));
        Assert.Equal(2, server.MaxConcurrentByConnection.Count);
        Assert.All(server.MaxConcurrentByConnection.Values, max => Assert.InRange(max, 1, 3));

        // The client kept the limit, not the server: no stream was refused (RST_STREAM REFUSED_STREAM).
        Assert.All(client.Pool.Connections, c => Assert.Equal(0, c.RefusedStreams));
        var connections = client.Connections;
        Assert.Equal([0, 1], connections.Select(c => c.Index));
        Assert.All(connections, c =>
        {
            Assert.Equal(0, c.InFlight);
            Assert.True(c.MaxInFlightSeen > 0);
            Assert.Equal(3, c.ServerMaxConcurrentStreams);
            Assert.Equal(1, c.ConnectionsOpened);
        });
    }

    [Fact]
    public async Task Handler_AfterServerSettings_QueuesBeyondServerLimitWithoutRefusedStreams()
    {
        await using var server = await TestApnsServer.StartAsync(
            _certificates.ServerCertificate, maxStreamsPerConnection: 3, delay: TimeSpan.FromMilliseconds(50));
        await using var client = CreateClient(server, poolSize: 1);
        Assert.Equal(ApnsOutcome.Accepted, (await client.SendAsync(Notification(), DeviceToken).WithTimeout()).Outcome);
        var connection = client.Pool.Connections[0];
        var factory = new Internal.ApnsRequestFactory(server.BaseAddress, jwt: null);

        // Straight into the SocketsHttpHandler, past the pool's admission: the handler alone must hold the limit.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            using var request = factory.Create(Notification(), DeviceToken, Guid.NewGuid().ToString());
            using var response = await connection.Invoker.SendAsync(request, CancellationToken.None);
            return (int)response.StatusCode;
        })).WithTimeout();

        Assert.All(statuses, status => Assert.Equal(200, status));
        Assert.Equal(3, Assert.Single(server.MaxConcurrentByConnection.Values));
        Assert.Equal(0, connection.RefusedStreams);
    }

    [Fact]
    public async Task SendAsync_MaxStreamsPerConnectionBelowServerLimit_ClientBoundHolds()
    {
        await using var server = await TestApnsServer.StartAsync(
            _certificates.ServerCertificate, maxStreamsPerConnection: 100, delay: TimeSpan.FromMilliseconds(50));
        await using var client = CreateClient(server, poolSize: 2, maxStreams: 2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.SendAsync(Notification(), DeviceToken))).WithTimeout();

        Assert.All(responses, r => Assert.Equal(ApnsOutcome.Accepted, r.Outcome));
        Assert.All(server.MaxConcurrentByConnection.Values, max => Assert.InRange(max, 1, 2));
        Assert.All(client.Connections, c => Assert.Equal(2, c.MaxInFlightSeen));
    }

    [Fact]
    public async Task SendAsync_TokenMode_SendsBearerJwtAndApnsHeaders()
    {
        await using var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate);
        await using var client = CreateClient(server);
        var notification = new ApnsNotification("com.example.app", ApnsPushType.Alert, Payload)
        {
            Priority = ApnsPriority.Immediate,
            CollapseId = "c1",
        };

        var first = await client.SendAsync(notification, DeviceToken).WithTimeout();
        var second = await client.SendAsync(notification, DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, first.Outcome);
        Assert.Equal(200, first.HttpStatus);
        Assert.NotEqual(first.ApnsId, second.ApnsId);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var request = requests[0];
        Assert.Equal("POST", request.Method);
        Assert.Equal("HTTP/2", request.Protocol);
        Assert.Equal("/3/device/" + DeviceToken, request.Path);
        Assert.Equal(Payload, request.Body);
        Assert.Equal("alert", request.Headers["apns-push-type"]);
        Assert.Equal("com.example.app", request.Headers["apns-topic"]);
        Assert.Equal("10", request.Headers["apns-priority"]);
        Assert.Equal("c1", request.Headers["apns-collapse-id"]);
        Assert.Equal(first.ApnsId, request.Headers["apns-id"]);
        Assert.Null(request.ClientCertificateThumbprint);

        var authorization = request.Headers["authorization"];
        Assert.Equal(authorization, requests[1].Headers["authorization"]);
        Assert.StartsWith("bearer ", authorization, StringComparison.Ordinal);
        var parts = authorization["bearer ".Length..].Split('.');
        Assert.True(_signingKey.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public async Task SendAsync_CertificateMode_PresentsClientCertificateWithoutAuthorization()
    {
        await using var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate);
        await using var client = CreateClient(server, credential: new ApnsCertificateCredential(_certificates.ClientCertificate));

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        var request = Assert.Single(server.Requests);
        Assert.Equal(_certificates.ClientCertificate.Thumbprint, request.ClientCertificateThumbprint);
        Assert.False(request.Headers.ContainsKey("authorization"));
    }

    [Fact]
    public async Task SendAsync_ServerAnswersGone_ReturnsParsedRejection()
    {
        await using var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate, respond: async context =>
        {
            context.Response.StatusCode = 410;
            context.Response.Headers["apns-id"] = context.Request.Headers["apns-id"].ToString();
            context.Response.Headers["apns-unique-id"] = "a8f2e5b1-0000-4000-8000-000000000000";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"reason":"Unregistered","timestamp":1700000000123}""");
        });
        await using var client = CreateClient(server);
        var id = Guid.NewGuid();

        var notification = new ApnsNotification("com.example.app", ApnsPushType.Alert, Payload) { ApnsId = id };

        var response = await client.SendAsync(notification, DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Rejected, response.Outcome);
        Assert.Equal(410, response.HttpStatus);
        Assert.Equal(ApnsReason.Unregistered, response.Reason);
        Assert.Equal(id.ToString(), response.ApnsId);
        Assert.Equal("a8f2e5b1-0000-4000-8000-000000000000", response.ApnsUniqueId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123), response.TokenInvalidSince);
        Assert.True(response.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task SendAsync_ServerCertificateFromUnknownCa_ReturnsFailedNotException()
    {
        await using var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate);
        await using var noExtraRoot = CreateClient(server, trustedCa: null);
        await using var wrongRoot = CreateClient(server, trustedCa: _certificates.OtherCa);

        foreach (var client in new[] { noExtraRoot, wrongRoot })
        {
            var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

            Assert.Equal(ApnsOutcome.Failed, response.Outcome);
            Assert.Equal(0, response.HttpStatus);
            Assert.Equal(ApnsReason.None, response.Reason);
            Assert.Contains("SecureConnectionError", response.Error, StringComparison.Ordinal);
            Assert.NotNull(response.ApnsId);
        }

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_HostNameMismatchWithTrustedCa_ReturnsFailed()
    {
        await using var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate);

        // The certificate names "localhost"; the same server reached as 127.0.0.1 must not be accepted.
        await using var client = CreateClient(server, baseAddress: new Uri($"https://127.0.0.1:{server.Port}"));

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_ServerSlowerThanRequestTimeout_ReturnsFailedTimedOut()
    {
        await using var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate, delay: TimeSpan.FromSeconds(20));
        // Long enough that each attempt is written before it times out even on a busy CI machine.
        await using var client = CreateClient(server, timeout: TimeSpan.FromSeconds(1.5));

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        // The attempts timed out after the request was written: their fate is unknown, so each one was resent.
        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(0, response.HttpStatus);
        Assert.Equal("timed out after 1.5 s", response.Error);
        Assert.Equal(3, response.Attempts);
        Assert.True(response.PossiblyDuplicated);
        Assert.InRange(response.Duration, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(25));
        Assert.All(client.Connections, c => Assert.Equal(0, c.InFlight));
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate, delay: TimeSpan.FromSeconds(20));
        await using var client = CreateClient(server);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(Notification(), DeviceToken, cancellation.Token)).WithTimeout();

        Assert.All(client.Connections, c => Assert.Equal(0, c.InFlight));
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReturnsFailed()
    {
        int port;
        await using (var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate))
        {
            port = server.Port;
        }

        await using var client = new ApnsClient(new ApnsClientOptions
        {
            Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
            BaseAddress = new Uri($"https://localhost:{port}"),
            TrustedCaCertificate = _certificates.Ca,
        });

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(0, response.HttpStatus);
        Assert.False(string.IsNullOrEmpty(response.Error));
    }

    [Fact]
    public async Task SendAsync_InvalidDeviceToken_RejectedWithoutSending()
    {
        await using var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate);
        await using var client = CreateClient(server);

        var response = await client.SendAsync(Notification(), "../../admin").WithTimeout();

        Assert.Equal(ApnsOutcome.Rejected, response.Outcome);
        Assert.Equal(ApnsReason.BadDeviceToken, response.Reason);
        Assert.Equal(0, response.HttpStatus);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_WithLogger_LogsConnectionButNeverSecretsOrFullTokens()
    {
        await using var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate, delay: TimeSpan.FromSeconds(20));
        var logger = new RecordingLogger<ApnsClient>();
        // Long enough that each attempt is written before it times out even on a busy CI machine (a TLS handshake
        // can take over half a second there), so all three count as sent.
        await using var client = CreateClient(server, timeout: TimeSpan.FromSeconds(2), logger: logger);

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(3, response.Attempts);
        var jwt = server.Requests.First().Headers["authorization"]["bearer ".Length..];
        var entries = logger.Entries.ToArray();
        Assert.Contains(entries, e => e.EventName == "ApnsConnectionOpened");
        Assert.Contains(entries, e => e.EventName == "ApnsProviderTokenMinted");
        Assert.Equal(2, entries.Count(e => e.EventName == "ApnsRetrying"));
        var failed = Assert.Single(entries, e => e.EventName == "ApnsRequestFailed");
        Assert.Contains(DeviceToken[..8] + "…", failed.Message, StringComparison.Ordinal);
        Assert.All(entries, e =>
        {
            Assert.DoesNotContain(DeviceToken, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(jwt.Split('.')[2], e.Message, StringComparison.Ordinal);
        });
    }

    private ApnsClient CreateClient(
        TestApnsServer server,
        int poolSize = 2,
        int maxStreams = 1000,
        TimeSpan? timeout = null,
        ApnsCredential? credential = null,
        Uri? baseAddress = null,
        RecordingLogger<ApnsClient>? logger = null) =>
        CreateClient(server, _certificates.Ca, poolSize, maxStreams, timeout, credential, baseAddress, logger);

    private ApnsClient CreateClient(
        TestApnsServer server,
        System.Security.Cryptography.X509Certificates.X509Certificate2? trustedCa,
        int poolSize = 2,
        int maxStreams = 1000,
        TimeSpan? timeout = null,
        ApnsCredential? credential = null,
        Uri? baseAddress = null,
        RecordingLogger<ApnsClient>? logger = null) =>
        new(
            new ApnsClientOptions
            {
                Credential = credential ?? new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
                BaseAddress = baseAddress ?? server.BaseAddress,
                TrustedCaCertificate = trustedCa,
                PoolSize = poolSize,
                MaxStreamsPerConnection = maxStreams,
                RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
            },
            logger);

    private static ApnsNotification Notification() => new("com.example.app", ApnsPushType.Alert, Payload);
}
