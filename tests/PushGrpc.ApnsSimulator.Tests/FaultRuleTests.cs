namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>Rule bookkeeping and the answer-replacing faults (429/500/503, credential errors), over a real HttpClient.</summary>
public sealed class FaultRuleTests(SimulatorFixture fixture) : FaultTestBase(fixture)
{
    [Fact]
    public async Task NoRules_Pushes_NothingInjectedNoFaultRecorded()
    {
        var answer = await Fixture.SendAsync(Fixture.Push());

        Assert.Equal(200, answer.Status);
        Assert.Equal(Enum.GetValues<FaultKind>().Length, Faults.Injected.Count);
        Assert.All(Enum.GetValues<FaultKind>(), kind => Assert.Equal(0, Injected(kind)));
        var record = Assert.Single(Fixture.Simulator.Records);
        Assert.Null(record.Fault);
        Assert.True(record.Answered && record.Accepted && record.Processed);
    }

    public static TheoryData<FaultRule> BadRules() =>
    [
        new FaultRule(FaultKind.TooManyRequests) { Fraction = 1.5 },
        new FaultRule(FaultKind.TooManyRequests) { Fraction = double.NaN },
        new FaultRule(FaultKind.InternalServerError) { Count = 0 },
        new FaultRule(FaultKind.SlowAnswer),
        new FaultRule(FaultKind.SlowAnswer) { Delay = TimeSpan.FromSeconds(-1) },
        new FaultRule(FaultKind.ServiceUnavailable) { RetryAfter = -5 },
        new FaultRule((FaultKind)99),
    ];

    [Theory]
    [MemberData(nameof(BadRules))]
    public void Add_UnusableRule_Throws(FaultRule rule)
    {
        Assert.Throws<ArgumentException>(() => Faults.Add(rule));
        Assert.Empty(Faults.Rules);
    }

    [Theory]
    [InlineData(FaultKind.TooManyRequests, null, null, 429, "TooManyRequests")]
    [InlineData(FaultKind.TooManyRequests, 30, null, 429, "TooManyRequests")]
    [InlineData(FaultKind.InternalServerError, null, null, 500, "InternalServerError")]
    [InlineData(FaultKind.InternalServerError, 5, null, 500, "InternalServerError")]
    [InlineData(FaultKind.ServiceUnavailable, null, null, 503, "ServiceUnavailable")]
    [InlineData(FaultKind.ServiceUnavailable, 60, "Shutdown", 503, "Shutdown")]
    public async Task StatusFault_Push_StatusReasonAndRetryAfter(FaultKind kind, int? retryAfter, string? reason, int status, string expectedReason)
    {
        Faults.Add(new FaultRule(kind) { RetryAfter = retryAfter, Reason = reason });
        var (request, apnsId) = PushWithId();

        using var response = await Fixture.Client.SendAsync(request).Timeout();
        var answer = await ApnsAnswer.ReadAsync(response);

        Assert.Equal((status, expectedReason), (answer.Status, answer.Reason));
        Assert.Equal(apnsId, answer.ApnsId);
        Assert.Equal(retryAfter.HasValue ? TimeSpan.FromSeconds(retryAfter.Value) : null, response.Headers.RetryAfter?.Delta);
        var record = Assert.Single(RecordsOf(apnsId));
        Assert.Equal((status, expectedReason, kind), (record.Status, record.Reason, record.Fault));
        Assert.Equal(1, Injected(kind));
    }

    [Fact]
    public async Task Burst_CountTwo_TwoFaultsThenRuleRemoved()
    {
        var handle = Faults.Add(new FaultRule(FaultKind.ServiceUnavailable) { Count = 2 });

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await Fixture.SendAsync(Fixture.Push())).Status);
        }

        Assert.Equal([503, 503, 200, 200], statuses);
        Assert.True(handle.IsRemoved);
        Assert.Equal(2, handle.Injected);
        Assert.Empty(Faults.Rules);
        Assert.Equal(2, Fixture.Simulator.Records.Count(r => r.Fault == FaultKind.ServiceUnavailable));
    }

    [Fact]
    public async Task Fraction_Half_RoughlyHalfOfThePushesHit()
    {
        Faults.Add(new FaultRule(FaultKind.InternalServerError) { Fraction = 0.5 });

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Fixture.SendAsync(Fixture.Push())));

        var hits = answers.Count(a => a.Status == 500);
        Assert.InRange(hits, 20, 80); // binomial(100, 0.5): outside this range about once in 10^9 runs
        Assert.Equal(100 - hits, answers.Count(a => a.Status == 200));
        Assert.Equal(hits, Injected(FaultKind.InternalServerError));
    }

    [Fact]
    public async Task FractionZero_Pushes_NeverHit()
    {
        Faults.Add(new FaultRule(FaultKind.InternalServerError) { Fraction = 0 });

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Fixture.SendAsync(Fixture.Push())));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
    }

    [Fact]
    public async Task DeviceTokenPrefix_MixedTokens_OnlyMatchingOnesHit()
    {
        Faults.Add(new FaultRule(FaultKind.TooManyRequests) { DeviceTokenPrefix = "ABCD" });

        var matching = await Fixture.SendAsync(Fixture.Push(TokenWithPrefix("abcd")));
        var other = await Fixture.SendAsync(Fixture.Push(TokenWithPrefix("0bcd")));

        Assert.Equal((429, 200), (matching.Status, other.Status));
    }

    [Fact]
    public async Task InvalidRequest_FaultRule_ValidationErrorWins()
    {
        Faults.Add(new FaultRule(FaultKind.InternalServerError));

        var answer = await Fixture.SendAsync(Fixture.Push(topic: null));

        Assert.Equal((400, "MissingTopic"), (answer.Status, answer.Reason));
        Assert.Equal(0, Injected(FaultKind.InternalServerError));
    }

    [Fact]
    public async Task MagicToken_FaultRule_FaultWins()
    {
        Faults.Add(new FaultRule(FaultKind.InternalServerError));

        var answer = await Fixture.SendAsync(Fixture.Push(MagicTokens.Unregistered));

        Assert.Equal(500, answer.Status);
    }

    [Fact]
    public async Task FirstRuleThatMatches_Fires()
    {
        Faults.Add(new FaultRule(FaultKind.TooManyRequests) { DeviceTokenPrefix = "abcd" });
        Faults.Add(new FaultRule(FaultKind.InternalServerError));

        var first = await Fixture.SendAsync(Fixture.Push(TokenWithPrefix("abcd")));
        var second = await Fixture.SendAsync(Fixture.Push(TokenWithPrefix("0bcd")));

        Assert.Equal((429, 500), (first.Status, second.Status));
    }

    [Fact]
    public async Task DisposeHandleAndClear_RemoveRules()
    {
        var handle = Faults.Add(new FaultRule(FaultKind.TooManyRequests));
        Faults.Add(new FaultRule(FaultKind.InternalServerError));

        handle.Dispose();
        var afterDispose = await Fixture.SendAsync(Fixture.Push());
        Faults.Clear();
        var afterClear = await Fixture.SendAsync(Fixture.Push());

        Assert.Equal((500, 200), (afterDispose.Status, afterClear.Status));
        Assert.True(handle.IsRemoved);
        Assert.Empty(Faults.Rules);
    }

    [Theory]
    [InlineData(FaultKind.InvalidProviderToken, "InvalidProviderToken")]
    [InlineData(FaultKind.BadCertificate, "BadCertificate")]
    public async Task CredentialFault_Push_403WithReason(FaultKind kind, string reason)
    {
        Faults.Add(new FaultRule(kind) { Count = 1 });
        var (request, apnsId) = PushWithId();

        var answer = await Fixture.SendAsync(request);
        var next = await Fixture.SendAsync(Fixture.Push());

        Assert.Equal((403, reason), (answer.Status, answer.Reason));
        Assert.Equal(200, next.Status);
        Assert.Equal(kind, Assert.Single(RecordsOf(apnsId)).Fault);
    }

    [Fact]
    public async Task BadCertificate_CertificateConnection_403()
    {
        using var certificate = Fixture.Simulator.IssueClientCertificate(SimulatorFixture.BundleId);
        var client = Fixture.CreateClient(certificate);
        Faults.Add(new FaultRule(FaultKind.BadCertificate));

        var answer = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: null));

        Assert.Equal((403, "BadCertificate"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task ExpiredProviderToken_SameJwt_403UntilANewJwtOnThatConnection()
    {
        var client = Fixture.CreateClient();
        var other = Fixture.CreateClient();
        var jwt = Fixture.CreateJwt();
        Faults.Add(new FaultRule(FaultKind.ExpiredProviderToken) { Count = 1 });

        var first = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: jwt));
        var again = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: jwt));
        var otherConnection = await SimulatorFixture.SendAsync(other, Fixture.Push(jwt: jwt));
        var renewed = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: Fixture.CreateJwt()));
        var oldAgain = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: jwt));

        Assert.Equal((403, "ExpiredProviderToken"), (first.Status, first.Reason));
        Assert.Equal((403, "ExpiredProviderToken"), (again.Status, again.Reason));
        Assert.Equal(200, otherConnection.Status);
        Assert.Equal(200, renewed.Status);
        Assert.Equal(200, oldAgain.Status);
        Assert.Equal(1, Injected(FaultKind.ExpiredProviderToken));
        Assert.Equal(2, Fixture.Simulator.Records.Count(r => r.Fault == FaultKind.ExpiredProviderToken));
    }

    [Fact]
    public async Task ExpiredProviderToken_CertificateConnection_NotApplicable()
    {
        using var certificate = Fixture.Simulator.IssueClientCertificate(SimulatorFixture.BundleId);
        var client = Fixture.CreateClient(certificate);
        Faults.Add(new FaultRule(FaultKind.ExpiredProviderToken));

        var answer = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: null));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task TooManyProviderTokenUpdates_JwtChangesWithin20Minutes_429()
    {
        var client = Fixture.CreateClient();
        var first = Fixture.CreateJwt();
        var second = Fixture.CreateJwt();
        Faults.Add(new FaultRule(FaultKind.TooManyProviderTokenUpdates));

        var initial = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: first));
        var tooSoon = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: second));
        var unchanged = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: first));
        var otherConnection = await SimulatorFixture.SendAsync(Fixture.CreateClient(), Fixture.Push(jwt: second));
        Fixture.Time.Advance(TimeSpan.FromMinutes(20));
        var later = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: second));
        var backTooSoon = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: first));

        Assert.Equal(200, initial.Status);
        Assert.Equal((429, "TooManyProviderTokenUpdates"), (tooSoon.Status, tooSoon.Reason));
        Assert.Equal(200, unchanged.Status);
        Assert.Equal(200, otherConnection.Status);
        Assert.Equal(200, later.Status);
        Assert.Equal(429, backTooSoon.Status);
        Assert.Equal(2, Injected(FaultKind.TooManyProviderTokenUpdates));
    }
}
