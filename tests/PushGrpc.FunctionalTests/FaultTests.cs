using PushGrpc.Apns;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests;

/// <summary>A gateway whose token app gives up quickly, so faults that swallow answers keep tests short.</summary>
public class FaultFixture : GatewayFixture
{
    public static readonly TimeSpan CredentialErrorCooldown = TimeSpan.FromSeconds(3);

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new($"PushGrpc:Apps:{TokenApp}:RequestTimeout", "00:00:01.5"),
        new($"PushGrpc:Apps:{TokenApp}:CredentialErrorCooldown", CredentialErrorCooldown.ToString()),
        new($"PushGrpc:Apps:{TokenApp}:PoolSize", "2"),
    ];
}

/// <summary>The same gateway on SocketsHttpHandler, the fallback HTTP/2 stack.</summary>
public sealed class SocketsHttpHandlerFaultFixture : FaultFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [.. base.ExtraSettings, new($"PushGrpc:Apps:{TokenApp}:HttpStack", "SocketsHttpHandler")];
}

/// <summary>The fault tests over PushGrpc's own HTTP/2 client, the default.</summary>
public sealed class FaultTests(FaultFixture fixture) : FaultTestsBase(fixture, ApnsHttpStack.PushGrpc), IClassFixture<FaultFixture>;

/// <summary>The fault tests over SocketsHttpHandler: the fallback must keep the same promise.</summary>
public sealed class SocketsHttpHandlerFaultTests(SocketsHttpHandlerFaultFixture fixture)
    : FaultTestsBase(fixture, ApnsHttpStack.SocketsHttpHandler), IClassFixture<SocketsHttpHandlerFaultFixture>;

/// <summary>
/// Exactly one result per notification under APNs faults (issue 3's proof): for each fault the simulator injects, a
/// stream of notifications gets one result per notification, every ACCEPTED result was accepted by the simulator
/// (cross-checked by apns-id), and no notification was accepted twice unless its result says possibly duplicated.
/// </summary>
public abstract class FaultTestsBase(FaultFixture fixture, ApnsHttpStack stack) : IDisposable
{
    private const int Count = 300;

    public void Dispose()
    {
        fixture.Simulator.Faults.Clear();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData(FaultKind.InternalServerError, null)]
    [InlineData(FaultKind.ServiceUnavailable, null)]
    [InlineData(FaultKind.ServiceUnavailable, 1)]
    [InlineData(FaultKind.TooManyRequests, 1)]
    public async Task SendStream_ServerErrorBurst_RetriedAndEveryNotificationAnsweredOnce(FaultKind kind, int? retryAfter)
    {
        var injectedBefore = fixture.Simulator.Faults.Injected[kind];
        fixture.Simulator.Faults.Add(new FaultRule(kind) { Count = 40, RetryAfter = retryAfter });

        var results = await SendAsync($"{kind}-{retryAfter}");

        AssertExactlyOnce(results);
        Assert.Contains(results, r => r.Status == DeliveryStatus.Accepted && r.Attempts > 1);
        Assert.All(results.Where(r => r.Status != DeliveryStatus.Accepted), r =>
        {
            Assert.Equal(DeliveryStatus.Failed, r.Status);
            Assert.Equal(3, r.Attempts);
        });
        Assert.Equal(40, fixture.Simulator.Faults.Injected[kind] - injectedBefore);
    }

    [Theory]
    [InlineData(FaultKind.RefusedStream)]
    [InlineData(FaultKind.SlowAnswer)]
    public async Task SendStream_RefusedOrSlowStreams_AllAcceptedWithoutDuplicates(FaultKind kind)
    {
        fixture.Simulator.Faults.Add(new FaultRule(kind) { Fraction = 0.1, Delay = kind == FaultKind.SlowAnswer ? TimeSpan.FromMilliseconds(200) : null });

        var results = await SendAsync(kind.ToString());

        AssertExactlyOnce(results);
        Assert.All(results, r => Assert.False(r.PossiblyDuplicated, r.ToString()));
        Assert.True(fixture.Simulator.Faults.Injected[kind] > 0);
    }

    [Fact]
    public async Task SendStream_GoAwayWithStreamsInFlight_UnprocessedStreamsResentAndAllAnswered()
    {
        var injectedBefore = fixture.Simulator.Faults.Injected[FaultKind.GoAway];
        fixture.Simulator.Faults.Add(new FaultRule(FaultKind.GoAway) { Count = 2, Reason = "Shutdown" });

        var results = await SendAsync("goaway");

        AssertExactlyOnce(results);
        Assert.Equal(2, fixture.Simulator.Faults.Injected[FaultKind.GoAway] - injectedBefore);
    }

    [Fact]
    public async Task SendStream_GoAwayThenNewConnectionsStartAtOneStream_EveryNotificationAnsweredOnce()
    {
        var opened = fixture.Simulator.Faults.Injected[FaultKind.OneStreamUntilFirstAcceptedPush];
        fixture.Simulator.Faults.Add(new FaultRule(FaultKind.OneStreamUntilFirstAcceptedPush));
        fixture.Simulator.Faults.Add(new FaultRule(FaultKind.GoAway) { Count = 1 });

        var results = await SendAsync("one-stream-start");

        // The gateway reconnected after the GOAWAY into APNs's one-stream start and lost nothing. SocketsHttpHandler
        // resends the streams the GOAWAY left unprocessed on the new connection at once, before its SETTINGS, so APNs
        // may refuse some of them: refused unprocessed, and sent again. PushGrpc's own client opens one stream until
        // the new connection's SETTINGS arrive, so APNs refuses none.
        AssertExactlyOnce(results);
        Assert.True(fixture.Simulator.Faults.Injected[FaultKind.OneStreamUntilFirstAcceptedPush] > opened);
        var refused = fixture.Simulator.Records.Where(r => r.Fault == FaultKind.OneStreamUntilFirstAcceptedPush).ToList();
        Assert.All(refused, r => Assert.False(r.Processed));
        if (stack == ApnsHttpStack.PushGrpc)
        {
            Assert.Empty(refused);
        }
    }

    [Theory]
    [InlineData(FaultKind.ConnectionReset, false)]
    [InlineData(FaultKind.ConnectionReset, true)]
    [InlineData(FaultKind.NoAnswer, false)]
    [InlineData(FaultKind.NoAnswer, true)]
    public async Task SendStream_AnswerLostInFlight_ResentMarkedPossiblyDuplicatedUnlessAtMostOnce(FaultKind kind, bool atMostOnce)
    {
        fixture.Simulator.Faults.Add(new FaultRule(kind) { Count = kind == FaultKind.ConnectionReset ? 1 : 5 });

        var results = await SendAsync($"{kind}-{atMostOnce}", atMostOnce);

        AssertExactlyOnce(results);
        var unknownFate = results.Where(r => r.PossiblyDuplicated || r.Status == DeliveryStatus.Failed).ToList();
        Assert.NotEmpty(unknownFate);
        if (atMostOnce)
        {
            Assert.All(results, r => Assert.False(r.PossiblyDuplicated));
            Assert.All(unknownFate, r => Assert.Equal(DeliveryStatus.Failed, r.Status));
        }
        else
        {
            Assert.All(unknownFate, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        }
    }

    [Fact]
    public async Task SendStream_StreamLimitDropsAfterRejection_EveryNotificationAnsweredOnce()
    {
        fixture.Simulator.Faults.Add(new FaultRule(FaultKind.StreamLimitDropAfterRejection));
        var tokens = Enumerable.Range(0, Count)
            .Select(i => i % 25 == 0 ? MagicTokens.Create(MagicOutcome.BadDeviceToken) : GatewayFixture.NewToken())
            .ToList();

        var results = await SendAsync("limit-drop", tokens: tokens);

        AssertExactlyOnce(results);
        Assert.Equal(Count / 25, results.Count(r => r.Status == DeliveryStatus.Rejected && r.Reason == "BadDeviceToken"));
    }

    [Fact]
    public async Task Send_CredentialRejected_FailsWithReasonWithoutHotLoopThenRecovers()
    {
        try
        {
            using (fixture.Simulator.Faults.Add(new FaultRule(FaultKind.InvalidProviderToken)))
            {
                var refused = await SendAsync("credential", count: 20);
                AssertExactlyOnce(refused, errorsExpected: true);
                Assert.All(refused, r =>
                {
                    Assert.Equal(DeliveryStatus.Failed, r.Status);
                    Assert.Equal("InvalidProviderToken", r.Reason);
                });

                // Cool-down: the gateway stops asking APNs and fails at once, naming the reason; at most a probe goes out.
                var before = fixture.Simulator.Records.Count;
                var coolingDown = await SendAsync("credential-cooldown", count: 50);
                Assert.All(coolingDown, r => Assert.Equal("InvalidProviderToken", r.Reason));
                Assert.InRange(fixture.Simulator.Records.Count - before, 0, 1);
            }

            // After the cool-down one probe goes through; its success lets everything through again.
            await Task.Delay(FaultFixture.CredentialErrorCooldown + TimeSpan.FromSeconds(0.5));
            var probe = await SendAsync("credential-probe", count: 1);
            Assert.Equal(DeliveryStatus.Accepted, Assert.Single(probe).Status);
            var recovered = await SendAsync("credential-fixed", count: 5);
            Assert.All(recovered, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        }
        finally
        {
            // The refusals are logged as errors on purpose; they must not fail the tests that run after this one.
            Assert.All(fixture.TakeErrorLogs(), error => Assert.StartsWith("ApnsCredentialRejected", error, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SendStream_TokenUpdateRuleEnforced_GatewayNeverChangesItsTokenTooOften()
    {
        var injectedBefore = fixture.Simulator.Faults.Injected[FaultKind.TooManyProviderTokenUpdates];
        fixture.Simulator.Faults.Add(new FaultRule(FaultKind.TooManyProviderTokenUpdates));

        var results = await SendAsync("token-updates", count: 200);

        AssertExactlyOnce(results);
        Assert.All(results, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        Assert.Equal(injectedBefore, fixture.Simulator.Faults.Injected[FaultKind.TooManyProviderTokenUpdates]);
    }

    [Fact]
    public async Task Send_CertificateRejected_CertificateAppFailsWithReason()
    {
        using var fault = fixture.Simulator.Faults.Add(new FaultRule(FaultKind.BadCertificate) { Count = 1 });
        try
        {
            var response = await fixture.Client.SendAsync(new SendRequest
            {
                Notification = SendTests.Alert(GatewayFixture.P12App, "bad-cert", [GatewayFixture.NewToken()]),
            }).ResponseAsync.WaitAsync(TestTimeouts.Default);

            var result = Assert.Single(response.Results);
            Assert.Equal(DeliveryStatus.Failed, result.Status);
            Assert.Equal("BadCertificate", result.Reason);
            Assert.Equal(403, result.HttpStatus);
        }
        finally
        {
            Assert.All(fixture.TakeErrorLogs(), error => Assert.StartsWith("ApnsCredentialRejected", error, StringComparison.Ordinal));
        }
    }

    private async Task<List<DeliveryResult>> SendAsync(string prefix, bool atMostOnce = false, IReadOnlyList<string>? tokens = null, int count = Count)
    {
        tokens ??= Enumerable.Range(0, count).Select(_ => GatewayFixture.NewToken()).ToList();
        var notifications = tokens.Select((token, i) =>
        {
            var notification = SendTests.Alert(GatewayFixture.TokenApp, $"{prefix}-{i}", [token]);
            notification.AtMostOnce = atMostOnce;
            return notification;
        }).ToList();

        var results = await StreamClient.SendAllAsync(fixture.Client, notifications, TestTimeouts.Bulk);

        Assert.Equal(notifications.Count, results.Count);
        Assert.Equal(notifications.Select(n => n.Id).Order(), results.Select(r => r.NotificationId).Order());
        return results;
    }

    /// <summary>
    /// The invariant: APNs's record agrees with every result, and nothing was accepted twice unmarked. A FAILED result
    /// may stand for a request APNs did accept only when its answer was lost and the gateway said so (AtMostOnce).
    /// </summary>
    private void AssertExactlyOnce(List<DeliveryResult> results, bool errorsExpected = false)
    {
        var acceptedBySimulator = fixture.Simulator.Records
            .Where(r => r.Accepted)
            .GroupBy(r => r.ApnsId)
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var result in results)
        {
            Assert.NotEmpty(result.ApnsId);
            var timesAccepted = acceptedBySimulator.GetValueOrDefault(result.ApnsId);
            switch (result.Status)
            {
                case DeliveryStatus.Accepted:
                    Assert.True(timesAccepted >= 1, $"ACCEPTED but the simulator never accepted it: {result}");
                    Assert.True(timesAccepted == 1 || result.PossiblyDuplicated, $"accepted {timesAccepted} times, not marked: {result}");
                    break;
                case DeliveryStatus.Failed when result.Message.Contains("may have been delivered", StringComparison.Ordinal):
                    Assert.True(timesAccepted <= 1, $"accepted {timesAccepted} times: {result}");
                    break;
                default:
                    Assert.True(timesAccepted == 0, $"{result.Status} but the simulator accepted it: {result}");
                    break;
            }
        }

        if (!errorsExpected)
        {
            Assert.Empty(fixture.ErrorLogs);
        }
    }
}
