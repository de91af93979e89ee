using System.Security.Cryptography;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>Token authentication (apns-reference §4): ES256 JWTs with raw or DER signatures, issued within the hour.</summary>
public sealed class ProviderTokenTests(SimulatorFixture fixture) : SimulatorTests<SimulatorFixture>(fixture)
{
    private const string OtherTeam = "OTHER12345";

    [Theory]
    [InlineData(DSASignatureFormat.IeeeP1363FixedFieldConcatenation)]
    [InlineData(DSASignatureFormat.Rfc3279DerSequence)]
    public async Task Jwt_SignatureEncoding_Accepted(DSASignatureFormat format)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(jwt: Fixture.CreateJwt(format)));

        Assert.Equal(200, answer.Status);
        Assert.Equal("token", Fixture.RecordOf(answer.ApnsId).AuthMode);
    }

    [Fact]
    public async Task Authorization_Missing_MissingProviderToken()
    {
        var answer = await Fixture.SendAsync(Fixture.Push(jwt: null));

        Assert.Equal((403, "MissingProviderToken"), (answer.Status, answer.Reason));
        Assert.Equal("none", Fixture.RecordOf(answer.ApnsId).AuthMode);
    }

    [Fact]
    public async Task Authorization_Empty_MissingProviderToken()
    {
        var request = Fixture.Push(jwt: null);
        request.Headers.TryAddWithoutValidation("authorization", string.Empty);

        var answer = await Fixture.SendAsync(request);

        Assert.Equal((403, "MissingProviderToken"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Authorization_CapitalisedBearer_Accepted()
    {
        var request = Fixture.Push(jwt: null);
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + Fixture.CreateJwt());

        var answer = await Fixture.SendAsync(request);

        Assert.Equal(200, answer.Status);
    }

    public static TheoryData<string> InvalidAuthorizations()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = SimulatorFixture.KeyId;
        var team = SimulatorFixture.TeamId;
        var iat = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = $$"""{"iss":"{{team}}","iat":{{iat}}}""";
        var header = $$"""{"alg":"ES256","kid":"{{key}}"}""";

        // These are signed with a key the fixture does not know unless noted: each case fails on its own defect first.
        return new TheoryData<string>
        {
            "basic dXNlcjpwYXNz",
            "bearer",
            "bearer not-a-jwt",
            "bearer a.b.c",
            "bearer a.b.c.d",
            "bearer " + Jwt.CreateRaw(stranger, $$"""{"alg":"HS256","kid":"{{key}}"}""", claims),
            "bearer " + Jwt.CreateRaw(stranger, $$"""{"alg":"ES256","kid":"UNKNOWN123"}""", claims),
            "bearer " + Jwt.CreateRaw(stranger, """{"alg":"ES256"}""", claims),
            "bearer " + Jwt.CreateRaw(stranger, header, claims),
            "bearer " + Jwt.CreateRaw(stranger, header, claims, DSASignatureFormat.Rfc3279DerSequence),
        };
    }

    [Theory]
    [MemberData(nameof(InvalidAuthorizations))]
    public async Task Authorization_Invalid_InvalidProviderToken(string authorization)
    {
        var request = Fixture.Push(jwt: null);
        request.Headers.TryAddWithoutValidation("authorization", authorization);

        var answer = await Fixture.SendAsync(request);

        Assert.Equal((403, "InvalidProviderToken"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData("""{"iss":"TEAM123456","iat":"{iat}"}""")]
    [InlineData("""{"iss":"TEAM123456"}""")]
    [InlineData("""{"iss":"TEAM123456","iat":{iat}.5}""")]
    [InlineData("""{"iss":"OTHER12345","iat":{iat}}""")]
    [InlineData("""{"iat":{iat}}""")]
    public async Task Claims_Invalid_InvalidProviderToken(string claimsTemplate)
    {
        var claims = claimsTemplate.Replace("{iat}", Fixture.Time.GetUtcNow().ToUnixTimeSeconds().ToString(), StringComparison.Ordinal);
        var jwt = Jwt.CreateRaw(Fixture.SigningKey, $$"""{"alg":"ES256","kid":"{{SimulatorFixture.KeyId}}"}""", claims);

        var answer = await Fixture.SendAsync(Fixture.Push(jwt: jwt));

        Assert.Equal((403, "InvalidProviderToken"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Signature_Tampered_InvalidProviderToken()
    {
        var jwt = Fixture.CreateJwt();
        var tampered = jwt[..^2] + (jwt[^2] == 'A' ? "B" : "A") + jwt[^1];

        var answer = await Fixture.SendAsync(Fixture.Push(jwt: tampered));

        Assert.Equal((403, "InvalidProviderToken"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData(3601, 403)]
    [InlineData(3600, 200)]
    [InlineData(1200, 200)]
    public async Task IssuedAt_Age_ExpiredAfterOneHour(int ageSeconds, int status)
    {
        var iat = Fixture.Time.GetUtcNow().ToUnixTimeSeconds() - ageSeconds;
        var jwt = Jwt.Create(Fixture.SigningKey, SimulatorFixture.KeyId, SimulatorFixture.TeamId, iat);

        var answer = await Fixture.SendAsync(Fixture.Push(jwt: jwt));

        Assert.Equal(status, answer.Status);
        Assert.Equal(status == 403 ? "ExpiredProviderToken" : null, answer.Reason);
    }

    [Fact]
    public async Task CachedToken_ClockPassesOneHour_ExpiredProviderToken()
    {
        var jwt = Fixture.CreateJwt();
        var before = await Fixture.SendAsync(Fixture.Push(jwt: jwt));

        Fixture.Time.Advance(TimeSpan.FromSeconds(3601));
        var after = await Fixture.SendAsync(Fixture.Push(jwt: jwt));

        Assert.Equal(200, before.Status);
        Assert.Equal((403, "ExpiredProviderToken"), (after.Status, after.Reason));
    }

    [Fact]
    public async Task KeyAddedLater_TokenFailedBefore_AcceptedNow()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwt = Jwt.Create(key, "LATERKEY01", OtherTeam, Fixture.Time.GetUtcNow().ToUnixTimeSeconds());
        var before = await Fixture.SendAsync(Fixture.Push(jwt: jwt, topic: "com.later.app"));

        Fixture.Simulator.AddSigningKey(OtherTeam, "LATERKEY01", key, "com.later.app");
        var after = await Fixture.SendAsync(Fixture.Push(jwt: jwt, topic: "com.later.app"));

        Assert.Equal("InvalidProviderToken", before.Reason);
        Assert.Equal(200, after.Status);
    }

    [Fact]
    public async Task TeamWideKey_AnyTopic_Accepted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Fixture.Simulator.AddSigningKey(OtherTeam, "TEAMWIDE01", key);
        var jwt = Jwt.Create(key, "TEAMWIDE01", OtherTeam, Fixture.Time.GetUtcNow().ToUnixTimeSeconds());

        var answer = await Fixture.SendAsync(Fixture.Push(jwt: jwt, topic: "com.anything.at.all"));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Key_OtherTeamsTopic_TopicDisallowed()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Fixture.Simulator.AddSigningKey(OtherTeam, "SCOPEDKEY1", key, "com.other.app");
        var jwt = Jwt.Create(key, "SCOPEDKEY1", OtherTeam, Fixture.Time.GetUtcNow().ToUnixTimeSeconds());

        var answer = await Fixture.SendAsync(Fixture.Push(jwt: jwt, topic: SimulatorFixture.BundleId));

        Assert.Equal((400, "TopicDisallowed"), (answer.Status, answer.Reason));
    }
}
