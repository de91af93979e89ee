using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Time.Testing;
using PushGrpc.Apns.Tests.Infrastructure;
using static PushGrpc.Apns.Tests.Infrastructure.ApnsAnswer;

namespace PushGrpc.Apns.Tests;

/// <summary>Every retry test over PushGrpc's own HTTP/2 client, the default.</summary>
public sealed class ApnsClientRetryTests(CertificateFixture certificates) : ApnsClientRetryTestsBase(certificates, ApnsHttpStack.PushGrpc);

/// <summary>The same tests over SocketsHttpHandler, the fallback stack: both must keep every promise.</summary>
public sealed class SocketsHttpHandlerRetryTests(CertificateFixture certificates) : ApnsClientRetryTestsBase(certificates, ApnsHttpStack.SocketsHttpHandler);

/// <summary>
/// Retries, unknown fate, GOAWAY, keep-alive, credential errors and token expiry over real sockets against the
/// in-test Kestrel server, whose answers each test scripts per request.
/// </summary>
public abstract class ApnsClientRetryTestsBase : IClassFixture<CertificateFixture>, IDisposable
{
    private const string DeviceToken = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static readonly byte[] Payload = """{"aps":{"alert":"hello"}}"""u8.ToArray();

    private readonly CertificateFixture _certificates;
    private readonly ApnsHttpStack _stack;
    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected ApnsClientRetryTestsBase(CertificateFixture certificates, ApnsHttpStack stack)
    {
        _certificates = certificates;
        _stack = stack;
    }

    public void Dispose()
    {
        _signingKey.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task SendAsync_InternalServerErrorThenOk_AcceptedAfterTwoAttemptsWithSameApnsId()
    {
        var calls = 0;
        await using var server = await StartAsync(context =>
            Interlocked.Increment(ref calls) == 1 ? Answer(context, 500, "InternalServerError") : Answer(context, 200));
        await using var client = CreateClient(server);

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        Assert.False(response.PossiblyDuplicated);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal(response.ApnsId, r.ApnsId));
    }

    [Theory]
    [InlineData(400, "BadDeviceToken")]
    [InlineData(400, "BadExpirationDate")]
    [InlineData(403, "Forbidden")]
    [InlineData(404, "BadPath")]
    [InlineData(410, "Unregistered")]
    [InlineData(413, "PayloadTooLarge")]
    public async Task SendAsync_PermanentRejection_NeverRetried(int status, string reason)
    {
        await using var server = await StartAsync(context => Answer(context, status, reason));
        await using var client = CreateClient(server);

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Rejected, response.Outcome);
        Assert.Equal(status, response.HttpStatus);
        Assert.Equal(reason, response.ReasonText);
        Assert.Equal(1, response.Attempts);
        Assert.Single(server.Requests);
        Assert.Null(client.CredentialProblem);
    }

    [Fact]
    public async Task SendAsync_AlwaysServiceUnavailable_StopsAtMaxAttempts()
    {
        await using var server = await StartAsync(context => Answer(context, 503, "ServiceUnavailable"));
        await using var client = CreateClient(server, maxAttempts: 4);

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(503, response.HttpStatus);
        Assert.Equal(ApnsReason.ServiceUnavailable, response.Reason);
        Assert.Equal(4, response.Attempts);
        Assert.Equal(4, server.Requests.Count);
        Assert.Single(server.Requests.Select(r => r.ApnsId).Distinct());
    }

    [Fact]
    public async Task SendAsync_TooManyRequestsWithRetryAfter_WaitsThatLongBeforeResending()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var calls = 0;
        await using var server = await StartAsync(
            context => Interlocked.Increment(ref calls) == 1 ? Answer(context, 429, "TooManyRequests", retryAfterSeconds: 2) : Answer(context, 200),
            clock: time);
        await using var client = CreateClient(server, time: time);

        var send = client.SendAsync(Notification(), DeviceToken);

        // Virtual time stands still until the 429 went out (so no timeout can fire on a slow machine), then runs.
        await WaitUntilAsync(() => server.Requests.Count == 1);
        await AdvanceUntilAsync(time, send, TimeSpan.FromMilliseconds(50));
        var response = await send.WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);

        // Virtual time: the resend cannot have gone out before the 2 s APNs asked for (the jittered backoff is < 100 ms).
        Assert.InRange(requests[1].ReceivedAt - requests[0].ReceivedAt, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task SendAsync_RetryAfterBeyondMaximum_ReturnsTheAnswerWithoutWaiting()
    {
        await using var server = await StartAsync(context => Answer(context, 503, "ServiceUnavailable", retryAfterSeconds: 120));
        await using var client = CreateClient(server);

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(120), response.RetryAfter);
        Assert.Equal(1, response.Attempts);
    }

    [Fact]
    public async Task SendAsync_NextAttemptWouldPassExpiration_NotResent()
    {
        await using var server = await StartAsync(context => Answer(context, 503, "ServiceUnavailable", retryAfterSeconds: 3));
        await using var client = CreateClient(server);
        var notification = Notification(expiration: DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds());

        var response = await client.SendAsync(notification, DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(503, response.HttpStatus);
        Assert.Equal(1, response.Attempts);
        Assert.Contains("apns-expiration", response.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendAsync_ExpirationZeroAndServerError_StillRetriesWhatApnsDidNotTake()
    {
        var calls = 0;
        await using var server = await StartAsync(context =>
            Interlocked.Increment(ref calls) == 1 ? Answer(context, 500, "InternalServerError") : Answer(context, 200));
        await using var client = CreateClient(server);

        var response = await client.SendAsync(Notification(expiration: 0), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        Assert.False(response.PossiblyDuplicated);
    }

    [Fact]
    public async Task SendAsync_StreamRefused_ResentWithoutDuplicateMark()
    {
        var calls = 0;
        await using var server = await StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Features.GetRequiredFeature<IHttpResetFeature>().Reset(7);
                return Task.CompletedTask;
            }

            return Answer(context, 200);
        });
        await using var client = CreateClient(server, poolSize: 1);

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        Assert.False(response.PossiblyDuplicated);
        Assert.Equal(1, client.Pool.Connections[0].RefusedStreams);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_StreamAlwaysRefused_FailsWithoutDuplicateMarkEvenWhenAtMostOnce()
    {
        await using var server = await StartAsync(context =>
        {
            context.Features.GetRequiredFeature<IHttpResetFeature>().Reset(7);
            return Task.CompletedTask;
        });
        await using var client = CreateClient(server, poolSize: 1, maxAttempts: 2);

        var response = await client.SendAsync(Notification(atMostOnce: true), DeviceToken).WithTimeout();

        // REFUSED_STREAM means "not processed": even an at-most-once notification may be resent.
        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.False(response.PossiblyDuplicated);
        Assert.Contains("REFUSED_STREAM", response.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("AtMostOnce", response.Error, StringComparison.Ordinal);
        Assert.True(response.Attempts > 2, $"the handler's own resends count too (got {response.Attempts})");
        Assert.Equal(response.Attempts, server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_StreamResetAfterTheServerGotIt_ResentAndMarkedPossiblyDuplicated()
    {
        var calls = 0;
        await using var server = await StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return Answer(context, 200);
        });
        await using var client = CreateClient(server);

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        Assert.True(response.PossiblyDuplicated);
    }

    [Fact]
    public async Task SendAsync_StreamResetAndAtMostOnce_FailsWithoutResending()
    {
        await using var server = await StartAsync(TestApnsServer.ResetStream);
        await using var client = CreateClient(server);

        var response = await client.SendAsync(Notification(atMostOnce: true), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(1, response.Attempts);
        Assert.False(response.PossiblyDuplicated);
        Assert.Contains("not resent (AtMostOnce)", response.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendAsync_ConnectionCutMidFlight_ResentOnNewConnectionAndMarkedPossiblyDuplicated()
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

            return Answer(context, 200);
        });
        self = server;
        await using var client = CreateClient(server, poolSize: 1);

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        Assert.True(response.PossiblyDuplicated);
        var requests = server.Requests.ToArray();
        Assert.NotEqual(requests[0].ConnectionId, requests[1].ConnectionId);
        Assert.Equal(2, client.Connections[0].ConnectionsOpened);
    }

    [Fact]
    public async Task SendAsync_TimeoutAfterSendWithExpirationZero_NotResent()
    {
        await using var server = await TestApnsServer.StartAsync(_certificates.ServerCertificate, delay: TimeSpan.FromSeconds(20));
        await using var client = CreateClient(server, timeout: TimeSpan.FromMilliseconds(300));

        var response = await client.SendAsync(Notification(expiration: 0), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(1, response.Attempts);
        Assert.Contains("apns-expiration 0", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_GracefulGoAway_ConnectionReplacedAndLaterRequestsSucceed()
    {
        var calls = 0;
        await using var server = await StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                context.Features.GetRequiredFeature<IConnectionLifetimeNotificationFeature>().RequestClose();
            }

            return Answer(context, 200);
        });
        await using var client = CreateClient(server, poolSize: 1);

        var responses = new List<ApnsResponse>();
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await client.SendAsync(Notification(), DeviceToken).WithTimeout());
        }

        Assert.All(responses, r => Assert.Equal(ApnsOutcome.Accepted, r.Outcome));
        Assert.All(responses, r => Assert.False(r.PossiblyDuplicated));
        var connection = client.Connections[0];
        Assert.True(connection.GoAwaysReceived >= 1);
        Assert.Equal(2, connection.ConnectionsOpened);
        Assert.Equal(0, connection.ConsecutiveConnectFailures);
        var connectionIds = server.Requests.Select(r => r.ConnectionId).ToArray();
        Assert.Equal(2, connectionIds.Distinct().Count());
        Assert.Equal(connectionIds[0], connectionIds[1]);
        Assert.NotEqual(connectionIds[1], connectionIds[2]);
    }

    [Fact]
    public async Task SendAsync_GoAwayWhileManyInFlight_EveryNotificationAcceptedExactlyOnce()
    {
        var calls = 0;
        await using var server = await StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 10)
            {
                context.Features.GetRequiredFeature<IConnectionLifetimeNotificationFeature>().RequestClose();
            }

            await Task.Delay(20);
            await Answer(context, 200);
        });
        await using var client = CreateClient(server, poolSize: 2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => client.SendAsync(Notification(), DeviceToken))).WithTimeout();

        Assert.All(responses, r => Assert.Equal(ApnsOutcome.Accepted, r.Outcome));
        Assert.All(responses, r => Assert.False(r.PossiblyDuplicated));
        Assert.Equal(60, responses.Select(r => r.ApnsId).Distinct().Count());

        // Requests the server never processed were resent by the handler; none reached the handler twice.
        Assert.Equal(60, server.Requests.Select(r => r.ApnsId).Distinct().Count());
        Assert.Equal(server.Requests.Count, responses.Sum(r => r.Attempts));
        Assert.Equal(1, client.Connections.Sum(c => c.GoAwaysReceived));

        // The GOAWAY'd slot takes one request until its new connection's SETTINGS arrive; the other carries the rest.
        var more = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.SendAsync(Notification(), DeviceToken))).WithTimeout();
        Assert.All(more, r => Assert.Equal(ApnsOutcome.Accepted, r.Outcome));
        Assert.Equal(3, client.Connections.Sum(c => c.ConnectionsOpened));
        Assert.Equal(3, server.Requests.Select(r => r.ConnectionId).Distinct().Count());
    }

    [Fact]
    public async Task SendAsync_PingUnanswered_ConnectionReplacedAndInFlightRequestResentAsPossiblyDuplicated()
    {
        FreezingTcpProxy? proxy = null;
        var calls = 0;
        await using var server = await StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // The answer leaves Kestrel but never arrives, nor does any PING ACK: a silently dead connection.
                proxy!.FreezeExisting();
            }

            return Answer(context, 200);
        });
        proxy = new FreezingTcpProxy(server.Port);
        await using var _ = proxy;
        await using var client = CreateClient(
            server, poolSize: 1, timeout: TimeSpan.FromSeconds(20), baseAddress: new Uri($"https://localhost:{proxy.Port}"), keepAlive: TimeSpan.FromSeconds(1));

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        Assert.True(response.PossiblyDuplicated);
        Assert.Equal(2, proxy.ConnectionsAccepted);
        Assert.Equal(2, client.Connections[0].ConnectionsOpened);
        Assert.InRange(response.Duration, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SendAsync_CredentialRejected_LaterSendsFailAtOnceWithoutRequestUntilProbeSucceeds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var rejecting = true;
        await using var server = await StartAsync(context =>
            Volatile.Read(ref rejecting) ? Answer(context, 403, "InvalidProviderToken") : Answer(context, 200));
        await using var client = CreateClient(server, time: time);

        var first = await client.SendAsync(Notification(), DeviceToken).WithTimeout();
        var second = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, first.Outcome);
        Assert.Equal(403, first.HttpStatus);
        Assert.Equal(ApnsReason.InvalidProviderToken, first.Reason);
        Assert.Equal(1, first.Attempts);
        Assert.Equal(ApnsOutcome.Failed, second.Outcome);
        Assert.Equal(ApnsReason.InvalidProviderToken, second.Reason);
        Assert.Equal(0, second.Attempts);
        Assert.Contains("not sent", second.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        var problem = Assert.IsType<ApnsCredentialProblem>(client.CredentialProblem);
        Assert.Equal(ApnsReason.InvalidProviderToken, problem.Reason);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(60), problem.NextProbeAt);

        // After the cool-down one send probes; the credential works again, so the problem clears.
        time.Advance(TimeSpan.FromSeconds(61));
        Volatile.Write(ref rejecting, false);
        var probe = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, probe.Outcome);
        Assert.Null(client.CredentialProblem);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_ProbeRejectedAgain_StartsNewCooldown()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StartAsync(context => Answer(context, 403, "BadCertificate"));
        await using var client = CreateClient(server, time: time);

        await client.SendAsync(Notification(), DeviceToken).WithTimeout();
        time.Advance(TimeSpan.FromSeconds(61));
        var probe = await client.SendAsync(Notification(), DeviceToken).WithTimeout();
        var blocked = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(1, probe.Attempts);
        Assert.Equal(0, blocked.Attempts);
        Assert.Equal(ApnsReason.BadCertificate, blocked.Reason);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(60), client.CredentialProblem!.NextProbeAt);
    }

    [Fact]
    public async Task SendAsync_ExpiredProviderToken_NewTokenOnNewConnectionAndOneRetry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string? firstToken = null;
        await using var server = await StartAsync(context =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            Interlocked.CompareExchange(ref firstToken, authorization, null);
            return authorization == firstToken && Volatile.Read(ref firstToken) is not null && time.GetUtcNow() > time.Start.AddMinutes(1)
                ? Answer(context, 403, "ExpiredProviderToken")
                : Answer(context, 200);
        });
        await using var client = CreateClient(server, poolSize: 1, time: time);
        Assert.Equal(ApnsOutcome.Accepted, (await client.SendAsync(Notification(), DeviceToken).WithTimeout()).Outcome);

        // Older than 20 minutes, younger than the 50-minute refresh: APNs calls it expired (e.g. clock skew).
        time.Advance(TimeSpan.FromMinutes(25));
        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(2, response.Attempts);
        var requests = server.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.Equal(requests[0].Headers["authorization"], requests[1].Headers["authorization"]);
        Assert.NotEqual(requests[1].Headers["authorization"], requests[2].Headers["authorization"]);
        Assert.Equal(requests[0].ConnectionId, requests[1].ConnectionId);
        Assert.NotEqual(requests[1].ConnectionId, requests[2].ConnectionId);
        Assert.Equal(1, client.Connections[0].Recycles);
        Assert.Null(client.CredentialProblem);
    }

    [Fact]
    public async Task SendAsync_ExpiredProviderTokenButTokenYoungerThanTwentyMinutes_NoNewTokenAndCredentialCooldown()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StartAsync(context => Answer(context, 403, "ExpiredProviderToken"));
        await using var client = CreateClient(server, time: time);

        var response = await client.SendAsync(Notification(), DeviceToken).WithTimeout();
        var blocked = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(ApnsReason.ExpiredProviderToken, response.Reason);
        Assert.Equal(1, response.Attempts);
        Assert.Equal(0, blocked.Attempts);
        Assert.Single(server.Requests);
        Assert.Equal(ApnsReason.ExpiredProviderToken, client.CredentialProblem?.Reason);
    }

    [Fact]
    public async Task SendAsync_ServerNeverAnswersTheHandshake_ConnectTimesOutAndSaysSo()
    {
        // The kernel completes the TCP handshake for the listener's backlog; nobody ever answers the TLS ClientHello.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var logger = new RecordingLogger<ApnsClient>();
        await using var client = UnreachableClient(port, logger, poolSize: 1, TimeSpan.FromSeconds(1));

        var first = await client.SendAsync(Notification(), DeviceToken).WithTimeout();
        await WaitUntilAsync(() => client.Connections[0].ConsecutiveConnectFailures == 1);
        var second = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, first.Outcome);
        Assert.Equal(0, first.Attempts);
        var failure = Assert.Single(logger.Entries, e => e.EventName == "ApnsConnectionFailed");
        Assert.EndsWith("failed: connect timed out after 1 s", failure.Message, StringComparison.Ordinal);

        // The slot's last error is the connect's own or, when the connect timeout beat the request's (both 1 s), the
        // stack's report of it, which for SocketsHttpHandler is worded its own way.
        Assert.StartsWith("APNs unreachable: ", second.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("The operation was canceled", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ApnsUnreachable_BacksOffAndFailsFastWithoutHotLoop()
    {
        int port;
        await using (var gone = await TestApnsServer.StartAsync(_certificates.ServerCertificate))
        {
            port = gone.Port;
        }

        var logger = new RecordingLogger<ApnsClient>();
        await using var client = UnreachableClient(port, logger, poolSize: 2);

        var first = await client.SendAsync(Notification(), DeviceToken).WithTimeout();
        var connectsAfterFirst = logger.Entries.Count(e => e.EventName == "ApnsConnectionFailed");
        var started = DateTimeOffset.UtcNow;
        var second = await client.SendAsync(Notification(), DeviceToken).WithTimeout();

        Assert.Equal(ApnsOutcome.Failed, first.Outcome);
        Assert.Equal(0, first.Attempts);
        Assert.Contains("ConnectionError", first.Error, StringComparison.Ordinal);
        Assert.Equal(2, connectsAfterFirst);
        Assert.All(client.Connections, c =>
        {
            Assert.Equal(1, c.ConsecutiveConnectFailures);
            Assert.NotNull(c.NextConnectAttemptAt);
        });

        // Both connections back off for 30 s: the next send fails at once and tries no connect.
        Assert.Equal(ApnsOutcome.Failed, second.Outcome);
        Assert.StartsWith("APNs unreachable", second.Error, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(2));
        Assert.Equal(connectsAfterFirst, logger.Entries.Count(e => e.EventName == "ApnsConnectionFailed"));
    }

    /// <summary>A client for a port where APNs does not answer, whose connections back off for 30 s after a failure.</summary>
    private ApnsClient UnreachableClient(int port, RecordingLogger<ApnsClient> logger, int poolSize, TimeSpan? requestTimeout = null) =>
        new(
            new ApnsClientOptions
            {
                Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
                BaseAddress = new Uri($"https://localhost:{port}"),
                TrustedCaCertificate = _certificates.Ca,
                HttpStack = _stack,
                PoolSize = poolSize,
                RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                RetryMaxDelay = TimeSpan.FromMilliseconds(20),
                ReconnectBaseDelay = TimeSpan.FromSeconds(30),
            },
            logger);

    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Task task, TimeSpan step)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
            time.Advance(step);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }

    private Task<TestApnsServer> StartAsync(Func<HttpContext, Task> respond, TimeProvider? clock = null) =>
        TestApnsServer.StartAsync(_certificates.ServerCertificate, respond: respond, clock: clock);

    private ApnsClient CreateClient(
        TestApnsServer server,
        int poolSize = 2,
        int maxAttempts = 3,
        TimeSpan? timeout = null,
        TimeProvider? time = null,
        Uri? baseAddress = null,
        TimeSpan? keepAlive = null) =>
        new(new ApnsClientOptions
        {
            Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
            BaseAddress = baseAddress ?? server.BaseAddress,
            TrustedCaCertificate = _certificates.Ca,
            HttpStack = _stack,
            PoolSize = poolSize,
            MaxAttempts = maxAttempts,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
            TimeProvider = time ?? TimeProvider.System,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            KeepAlivePingDelay = keepAlive ?? TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = keepAlive ?? TimeSpan.FromSeconds(20),
        });

    private static ApnsNotification Notification(long? expiration = null, bool atMostOnce = false) =>
        new("com.example.app", ApnsPushType.Alert, Payload) { Expiration = expiration, AtMostOnce = atMostOnce };
}
