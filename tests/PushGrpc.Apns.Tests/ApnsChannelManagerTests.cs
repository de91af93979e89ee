using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using PushGrpc.Apns.Tests.Infrastructure;
using static PushGrpc.Apns.Tests.Infrastructure.ApnsAnswer;

namespace PushGrpc.Apns.Tests;

/// <summary>
/// The channel-management client (apns-reference §7.1, §7.3) over real HTTP/2+TLS against the in-test Kestrel server:
/// request shapes, answer parsing, retry rules, the shared provider token and the default hosts.
/// </summary>
public sealed class ApnsChannelManagerTests : IClassFixture<CertificateFixture>, IDisposable
{
    private const string BundleId = "com.example.app";
    private const string ChannelId = "dHN0MTIzNDU2Nzg5MGFiY2RlZg==";

    private readonly CertificateFixture _certificates;
    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ApnsChannelManagerTests(CertificateFixture certificates) => _certificates = certificates;

    public void Dispose() => _signingKey.Dispose();

    [Theory]
    [InlineData(ApnsMessageStoragePolicy.NoMessageStored, """{"message-storage-policy":0,"push-type":"LiveActivity"}""")]
    [InlineData(ApnsMessageStoragePolicy.MostRecentMessageStored, """{"message-storage-policy":1,"push-type":"LiveActivity"}""")]
    public async Task CreateChannelAsync_PostsPolicyBody_201ChannelIdHeaderIsTheNewChannel(ApnsMessageStoragePolicy policy, string body)
    {
        await using var server = await StartAsync(context => Answer(context, 201, channelId: "bmV3Q2hhbm5lbA=="));
        await using var manager = CreateManager(server);

        var response = await manager.CreateChannelAsync(BundleId, policy).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(201, response.HttpStatus);
        Assert.Equal("bmV3Q2hhbm5lbA==", response.ChannelId);
        Assert.Equal(1, response.Attempts);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("HTTP/2", request.Protocol);
        Assert.Equal("/1/apps/com.example.app/channels", request.Path);
        Assert.Equal(body, System.Text.Encoding.UTF8.GetString(request.Body));
        Assert.Equal(response.ApnsRequestId, request.Headers["apns-request-id"]);
        Assert.True(Guid.TryParseExact(response.ApnsRequestId, "D", out _));
        Assert.False(request.Headers.ContainsKey("apns-channel-id"));
        Assert.StartsWith("bearer ", request.Headers["authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetChannelAsync_SendsChannelIdHeaderWithoutBody_ParsesStoragePolicy()
    {
        await using var server = await StartAsync(context =>
            Answer(context, 200, body: """{"message-storage-policy":1,"push-type":"LiveActivity"}"""));
        await using var manager = CreateManager(server);

        var response = await manager.GetChannelAsync(BundleId, ChannelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(ApnsMessageStoragePolicy.MostRecentMessageStored, response.StoragePolicy);
        Assert.Equal(ChannelId, response.ChannelId);
        Assert.Empty(response.ChannelIds);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/1/apps/com.example.app/channels", request.Path);
        Assert.Equal(ChannelId, request.Headers["apns-channel-id"]);
        Assert.Empty(request.Body);
    }

    [Fact]
    public async Task DeleteChannelAsync_204_AcceptedWithTheChannelEchoed()
    {
        await using var server = await StartAsync(context => Answer(context, 204));
        await using var manager = CreateManager(server);

        var response = await manager.DeleteChannelAsync(BundleId, ChannelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(204, response.HttpStatus);
        Assert.Equal(ChannelId, response.ChannelId);
        Assert.Null(response.StoragePolicy);
        var request = Assert.Single(server.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/1/apps/com.example.app/channels", request.Path);
        Assert.Equal(ChannelId, request.Headers["apns-channel-id"]);
    }

    [Fact]
    public async Task ListChannelsAsync_GetsAllChannels_ParsesTheIds()
    {
        await using var server = await StartAsync(context =>
            Answer(context, 200, body: """{"channels":["Y2hhbm5lbEE=","Y2hhbm5lbEI="]}"""));
        await using var manager = CreateManager(server);

        var response = await manager.ListChannelsAsync(BundleId).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(["Y2hhbm5lbEE=", "Y2hhbm5lbEI="], response.ChannelIds);
        Assert.Null(response.ChannelId);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/1/apps/com.example.app/all-channels", request.Path);
        Assert.False(request.Headers.ContainsKey("apns-channel-id"));
    }

    [Theory]
    [InlineData(400, "CannotCreateChannelConfig", ApnsReason.CannotCreateChannelConfig, ApnsOutcome.Rejected)]
    [InlineData(400, "BadChannelId", ApnsReason.BadChannelId, ApnsOutcome.Rejected)]
    [InlineData(400, "ChannelNotRegistered", ApnsReason.ChannelNotRegistered, ApnsOutcome.Rejected)]
    [InlineData(400, "BadRequestParams", ApnsReason.BadRequestParams, ApnsOutcome.Rejected)]
    [InlineData(400, "BadRequestPayload", ApnsReason.BadRequestPayload, ApnsOutcome.Rejected)]
    [InlineData(400, "MissingPushType", ApnsReason.MissingPushType, ApnsOutcome.Rejected)]
    [InlineData(403, "TopicMismatch", ApnsReason.TopicMismatch, ApnsOutcome.Rejected)]
    [InlineData(403, "InvalidProviderToken", ApnsReason.InvalidProviderToken, ApnsOutcome.Failed)]
    [InlineData(404, "BadPath", ApnsReason.BadPath, ApnsOutcome.Rejected)]
    [InlineData(400, "NotInAnyTableYet", ApnsReason.Unknown, ApnsOutcome.Rejected)]
    // The rest of apns-reference §7.3, so every reason it lists is mapped (retried ones: below).
    [InlineData(400, "FeatureNotEnabled", ApnsReason.FeatureNotEnabled, ApnsOutcome.Rejected)]
    [InlineData(400, "MissingChannelId", ApnsReason.MissingChannelId, ApnsOutcome.Rejected)]
    [InlineData(400, "PayloadEmpty", ApnsReason.PayloadEmpty, ApnsOutcome.Rejected)]
    [InlineData(400, "BadMessageId", ApnsReason.BadMessageId, ApnsOutcome.Rejected)]
    [InlineData(400, "InvalidPushType", ApnsReason.InvalidPushType, ApnsOutcome.Rejected)]
    [InlineData(400, "BadExpirationDate", ApnsReason.BadExpirationDate, ApnsOutcome.Rejected)]
    [InlineData(400, "TopicDisallowed", ApnsReason.TopicDisallowed, ApnsOutcome.Rejected)]
    [InlineData(400, "BadPriority", ApnsReason.BadPriority, ApnsOutcome.Rejected)]
    [InlineData(403, "BadCertificate", ApnsReason.BadCertificate, ApnsOutcome.Failed)]
    [InlineData(403, "BadCertificateEnvironment", ApnsReason.BadCertificateEnvironment, ApnsOutcome.Failed)]
    [InlineData(403, "MissingProviderToken", ApnsReason.MissingProviderToken, ApnsOutcome.Failed)]
    [InlineData(405, "MethodNotAllowed", ApnsReason.MethodNotAllowed, ApnsOutcome.Rejected)]
    [InlineData(413, "PayloadTooLarge", ApnsReason.PayloadTooLarge, ApnsOutcome.Rejected)]
    [InlineData(429, "TooManyProviderTokenUpdates", ApnsReason.TooManyProviderTokenUpdates, ApnsOutcome.Failed)]
    public async Task GetChannelAsync_ErrorAnswer_ReasonParsedAndNotResent(int status, string reason, ApnsReason expected, ApnsOutcome outcome)
    {
        await using var server = await StartAsync(context => Answer(context, status, reason, requestId: "answered-id"));
        await using var manager = CreateManager(server);

        var response = await manager.GetChannelAsync(BundleId, ChannelId).WithTimeout();

        Assert.Equal(outcome, response.Outcome);
        Assert.Equal(status, response.HttpStatus);
        Assert.Equal(expected, response.Reason);
        Assert.Equal(reason, response.ReasonText);
        Assert.Equal("answered-id", response.ApnsRequestId);
        Assert.Equal(1, response.Attempts);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(429, "TooManyRequests", ApnsReason.TooManyRequests)]
    [InlineData(500, "InternalServerError", ApnsReason.InternalServerError)]
    [InlineData(503, "ServiceUnavailable", ApnsReason.ServiceUnavailable)]
    [InlineData(503, "Service Unavailable", ApnsReason.ServiceUnavailable)]
    [InlineData(503, "Shutdown", ApnsReason.Shutdown)]
    public async Task GetChannelAsync_AnswerWithoutVerdict_ResentUpToMaxAttemptsThenFailed(int status, string reason, ApnsReason expected)
    {
        await using var server = await StartAsync(context => Answer(context, status, reason));
        await using var manager = CreateManager(server);

        var response = await manager.GetChannelAsync(BundleId, ChannelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(status, response.HttpStatus);
        Assert.Equal(expected, response.Reason);
        Assert.Equal(reason, response.ReasonText);
        Assert.Equal(server.Requests.Count, response.Attempts);
        Assert.True(response.Attempts > 1, $"attempts: {response.Attempts}");
    }

    [Fact]
    public async Task ListChannelsAsync_ServiceUnavailableWithSpaceThenOk_ResentWithTheSameRequestId()
    {
        var calls = 0;
        await using var server = await StartAsync(context => Interlocked.Increment(ref calls) == 1
            ? Answer(context, 503, "Service Unavailable")
            : Answer(context, 200, body: """{"channels":[]}"""));
        await using var manager = CreateManager(server);

        var response = await manager.ListChannelsAsync(BundleId).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        Assert.Empty(response.ChannelIds);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Single(requests.Select(r => r.Headers["apns-request-id"]).Distinct());
    }

    [Fact]
    public async Task GetChannelAsync_AlwaysServiceUnavailable_StopsAtMaxAttemptsAsFailed()
    {
        await using var server = await StartAsync(context => Answer(context, 503, "ServiceUnavailable"));
        await using var manager = CreateManager(server, maxAttempts: 3);

        var response = await manager.GetChannelAsync(BundleId, ChannelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(ApnsReason.ServiceUnavailable, response.Reason);
        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task CreateChannelAsync_ConnectionCutAfterTheRequestArrived_NotResent()
    {
        TestApnsServer? self = null;
        await using var server = await StartAsync(context =>
        {
            self!.AbortConnection(context);
            return Task.CompletedTask;
        });
        self = server;
        await using var manager = CreateManager(server);

        var response = await manager.CreateChannelAsync(BundleId, ApnsMessageStoragePolicy.NoMessageStored).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(0, response.HttpStatus);
        Assert.Equal(1, response.Attempts);
        Assert.Contains("not resent", response.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task DeleteChannelAsync_ConnectionCutOnce_ResentAndAccepted()
    {
        var calls = 0;
        TestApnsServer? self = null;
        await using var server = await StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                self!.AbortConnection(context);
                return Task.CompletedTask;
            }

            return Answer(context, 204);
        });
        self = server;
        await using var manager = CreateManager(server);

        var response = await manager.DeleteChannelAsync(BundleId, ChannelId).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(429, "TooManyRequests")]
    [InlineData(503, "ServiceUnavailable")]
    public async Task CreateChannelAsync_AnswerThatCreatedNothing_ResentAndCreated(int status, string reason)
    {
        var calls = 0;
        await using var server = await StartAsync(context => Interlocked.Increment(ref calls) == 1
            ? Answer(context, status, reason)
            : Answer(context, 201, channelId: "Y3JlYXRlZA=="));
        await using var manager = CreateManager(server);

        var response = await manager.CreateChannelAsync(BundleId, ApnsMessageStoragePolicy.MostRecentMessageStored).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal("Y3JlYXRlZA==", response.ChannelId);
        Assert.Equal(2, response.Attempts);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task CreateChannelAsync_InternalServerError_NotResent()
    {
        await using var server = await StartAsync(context => Answer(context, 500, "InternalServerError"));
        await using var manager = CreateManager(server);

        var response = await manager.CreateChannelAsync(BundleId, ApnsMessageStoragePolicy.NoMessageStored).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(ApnsReason.InternalServerError, response.Reason);
        Assert.Equal(1, response.Attempts);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ClientAndManagerOnOneCredential_SendTheSameProviderTokenSignedOnce()
    {
        await using var server = await StartAsync(context => context.Request.Path.StartsWithSegments("/1")
            ? Answer(context, 200, body: """{"channels":[]}""")
            : Answer(context, 200));
        var clientLogger = new RecordingLogger<ApnsClient>();
        var managerLogger = new RecordingLogger<ApnsChannelManager>();
        var options = Options(server);
        await using var client = new ApnsClient(options, clientLogger);
        await using var manager = new ApnsChannelManager(options, managerLogger);

        var broadcast = new ApnsNotification(BundleId, ApnsPushType.LiveActivity, """{"aps":{}}"""u8.ToArray())
        {
            Expiration = 0,
            Priority = ApnsPriority.Immediate,
        };
        Assert.Equal(ApnsOutcome.Accepted, (await client.SendToChannelAsync(broadcast, ChannelId).WithTimeout()).Outcome);
        Assert.Equal(ApnsOutcome.Accepted, (await manager.ListChannelsAsync(BundleId).WithTimeout()).Outcome);
        Assert.Equal(ApnsOutcome.Accepted, (await manager.ListChannelsAsync(BundleId).WithTimeout()).Outcome);

        var authorizations = server.Requests.Select(r => r.Headers["authorization"]).ToArray();
        Assert.Equal(3, authorizations.Length);
        Assert.Single(authorizations.Distinct());
        var minted = clientLogger.Entries.Concat(managerLogger.Entries).Count(e => e.EventName == "ApnsProviderTokenMinted");
        Assert.Equal(1, minted);
    }

    [Fact]
    public async Task CertificateMode_NoAuthorizationHeaderAndClientCertificatePresented()
    {
        await using var server = await StartAsync(context => Answer(context, 200, body: """{"channels":[]}"""));
        await using var manager = new ApnsChannelManager(Options(server, new ApnsCertificateCredential(_certificates.ClientCertificate)));

        var response = await manager.ListChannelsAsync(BundleId).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        var request = Assert.Single(server.Requests);
        Assert.False(request.Headers.ContainsKey("authorization"));
        Assert.Equal(_certificates.ClientCertificate.Thumbprint, request.ClientCertificateThumbprint);
    }

    [Fact]
    public async Task UnsendableChannelId_RejectedWithoutRequest_InvalidBundleIdThrows()
    {
        await using var server = await StartAsync(context => Answer(context, 200));
        await using var manager = CreateManager(server);

        var empty = await manager.GetChannelAsync(BundleId, "").WithTimeout();
        var injected = await manager.DeleteChannelAsync(BundleId, "abc\r\nx: y").WithTimeout();

        Assert.Equal((ApnsOutcome.Rejected, ApnsReason.MissingChannelId, 0), (empty.Outcome, empty.Reason, empty.Attempts));
        Assert.Equal((ApnsOutcome.Rejected, ApnsReason.BadChannelId, 0), (injected.Outcome, injected.Reason, injected.Attempts));
        await Assert.ThrowsAsync<ArgumentException>(() => manager.ListChannelsAsync("com.example.app/../x"));
        await Assert.ThrowsAsync<ArgumentException>(() => manager.ListChannelsAsync(""));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => manager.CreateChannelAsync(BundleId, (ApnsMessageStoragePolicy)7));
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(ApnsEnvironment.Sandbox, "https://api-manage-broadcast.sandbox.push.apple.com:2195/")]
    [InlineData(ApnsEnvironment.Production, "https://api-manage-broadcast.push.apple.com:2196/")]
    public async Task ManagementHost_DefaultsPerEnvironment_PushHostUnchanged(ApnsEnvironment environment, string expected)
    {
        var options = new ApnsClientOptions
        {
            Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
            Environment = environment,
        };
        await using var manager = new ApnsChannelManager(options);

        Assert.Equal(new Uri(expected), manager.BaseAddress);
        Assert.DoesNotContain("manage", ApnsClient.ResolveBaseAddress(options).Host, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementBaseAddress_Set_OnlySchemeHostAndPortUsed()
    {
        await using var manager = new ApnsChannelManager(new ApnsClientOptions
        {
            Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
            Environment = ApnsEnvironment.Production,
            ManagementBaseAddress = new Uri("https://simulator.local:8443/ignored/path"),
        });

        Assert.Equal(new Uri("https://simulator.local:8443/"), manager.BaseAddress);
    }

    [Theory]
    [InlineData("http://api-manage-broadcast.push.apple.com:2196/")]
    [InlineData("/relative")]
    public void ManagementBaseAddress_NotAbsoluteHttps_IsInvalidAndTheConstructorThrows(string address)
    {
        var options = new ApnsClientOptions
        {
            Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
            ManagementBaseAddress = new Uri(address, UriKind.RelativeOrAbsolute),
        };

        Assert.Contains(options.Validate(), e => e.StartsWith("ManagementBaseAddress must be an absolute https URI", StringComparison.Ordinal));
        var error = Assert.Throws<ArgumentException>(() => new ApnsChannelManager(options));
        Assert.Contains("ManagementBaseAddress", error.Message, StringComparison.Ordinal);
    }

    private Task<TestApnsServer> StartAsync(Func<HttpContext, Task> respond) =>
        TestApnsServer.StartAsync(_certificates.ServerCertificate, respond: respond);

    private ApnsChannelManager CreateManager(TestApnsServer server, int maxAttempts = 3) =>
        new(Options(server, maxAttempts: maxAttempts));

    // One server plays both hosts: pushes and broadcasts go to BaseAddress, channel management to ManagementBaseAddress.
    private ApnsClientOptions Options(TestApnsServer server, ApnsCredential? credential = null, int maxAttempts = 3) => new()
    {
        Credential = credential ?? new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
        BaseAddress = server.BaseAddress,
        ManagementBaseAddress = server.BaseAddress,
        TrustedCaCertificate = _certificates.Ca,
        PoolSize = 1,
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
    };
}
