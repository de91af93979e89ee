namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>Magic device tokens pick fixed outcomes once everything else about the request is valid.</summary>
public sealed class MagicTokenTests(SimulatorFixture fixture) : SimulatorTests<SimulatorFixture>(fixture)
{
    [Theory]
    [InlineData(MagicOutcome.BadDeviceToken, 400, "BadDeviceToken")]
    [InlineData(MagicOutcome.DeviceTokenNotForTopic, 400, "DeviceTokenNotForTopic")]
    [InlineData(MagicOutcome.Unregistered, 410, "Unregistered")]
    [InlineData(MagicOutcome.ExpiredToken, 410, "ExpiredToken")]
    [InlineData(MagicOutcome.TooManyRequests, 429, "TooManyRequests")]
    [InlineData(MagicOutcome.InternalServerError, 500, "InternalServerError")]
    [InlineData(MagicOutcome.ServiceUnavailable, 503, "ServiceUnavailable")]
    public async Task MagicToken_ValidRequest_FixedOutcome(MagicOutcome outcome, int status, string reason)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(MagicTokens.Create(outcome)));

        Assert.Equal((status, reason), (answer.Status, answer.Reason));
        Assert.Equal("application/json", answer.ContentType);
    }

    [Theory]
    [InlineData(MagicTokens.Unregistered, "Unregistered")]
    [InlineData(MagicTokens.ExpiredToken, "ExpiredToken")]
    public async Task MagicGoneToken_Push_TimestampOneDayAgoInMilliseconds(string token, string reason)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(token));

        Assert.Equal((410, reason), (answer.Status, answer.Reason));
        Assert.Equal(Fixture.Time.GetUtcNow().AddDays(-1).ToUnixTimeMilliseconds(), answer.Timestamp);
    }

    [Fact]
    public async Task MagicToken_InvalidRequest_ValidationReasonWins()
    {
        var answer = await Fixture.SendAsync(Fixture.Push(MagicTokens.InternalServerError, topic: null));

        Assert.Equal((400, "MissingTopic"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task MagicToken_LongestLength_StillMagic()
    {
        var answer = await Fixture.SendAsync(Fixture.Push(MagicTokens.Create(MagicOutcome.TooManyRequests, 200)));

        Assert.Equal(429, answer.Status);
    }

    [Fact]
    public async Task PrefixWithUnlistedCode_Push_Accepted()
    {
        var answer = await Fixture.SendAsync(Fixture.Push("ffffffff0999" + new string('0', 52)));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public void Constants_Parse_ToTheirOutcome()
    {
        var table = new Dictionary<string, MagicOutcome>
        {
            [MagicTokens.BadDeviceToken] = MagicOutcome.BadDeviceToken,
            [MagicTokens.DeviceTokenNotForTopic] = MagicOutcome.DeviceTokenNotForTopic,
            [MagicTokens.Unregistered] = MagicOutcome.Unregistered,
            [MagicTokens.ExpiredToken] = MagicOutcome.ExpiredToken,
            [MagicTokens.TooManyRequests] = MagicOutcome.TooManyRequests,
            [MagicTokens.InternalServerError] = MagicOutcome.InternalServerError,
            [MagicTokens.ServiceUnavailable] = MagicOutcome.ServiceUnavailable,
        };

        foreach (var (token, outcome) in table)
        {
            Assert.Equal(64, token.Length);
            Assert.True(MagicTokens.TryGetOutcome(token, out var parsed));
            Assert.Equal(outcome, parsed);
        }
    }

    [Fact]
    public void Create_TwoCalls_DistinctTokensWithPrefixAndCode()
    {
        var first = MagicTokens.Create(MagicOutcome.ServiceUnavailable);
        var second = MagicTokens.Create(MagicOutcome.ServiceUnavailable);

        Assert.NotEqual(first, second);
        Assert.StartsWith("ffffffff0503", first, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Theory]
    [InlineData(62)]
    [InlineData(65)]
    [InlineData(202)]
    public void Create_BadLength_Throws(int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MagicTokens.Create(MagicOutcome.BadDeviceToken, length));

    [Fact]
    public void RandomTokens_Many_NeverMagic()
    {
        for (var i = 0; i < 100_000; i++)
        {
            Assert.False(MagicTokens.TryGetOutcome(SimulatorFixture.RandomToken(), out _));
        }
    }
}
