using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PushGrpc.Apns.Auth;

namespace PushGrpc.Apns.Tests;

public sealed class ApnsJwtProviderTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _key.Dispose();

    [Fact]
    public void CreateJwt_ValidCredential_HeaderClaimsAndRawSignatureVerify()
    {
        var credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _key);

        var jwt = ApnsJwtProvider.CreateJwt(credential, 1437179036);

        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Equal("""{"alg":"ES256","kid":"KEY1234567"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("TEAM123456", claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal(JsonValueKind.Number, claims.RootElement.GetProperty("iat").ValueKind);
        Assert.Equal(1437179036, claims.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(2, claims.RootElement.EnumerateObject().Count());

        var signature = Base64Url.DecodeFromChars(parts[2]);
        Assert.Equal(64, signature.Length);
        using var publicKey = ECDsa.Create(_key.ExportParameters(includePrivateParameters: false));
        Assert.True(publicKey.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void GetAuthorizationValue_CalledRepeatedly_ReturnsTheSameBearerToken()
    {
        var provider = CreateProvider();

        var first = provider.GetAuthorizationValue();
        _time.Advance(TimeSpan.FromMinutes(10));
        var second = provider.GetAuthorizationValue();

        Assert.StartsWith("bearer ", first, StringComparison.Ordinal);
        Assert.Same(first, second);
    }

    [Fact]
    public void GetAuthorizationValue_JustBeforeRefreshInterval_KeepsToken()
    {
        var provider = CreateProvider();
        var first = provider.GetAuthorizationValue();

        _time.Advance(TimeSpan.FromMinutes(50) - TimeSpan.FromSeconds(1));

        Assert.Same(first, provider.GetAuthorizationValue());
    }

    [Fact]
    public void GetAuthorizationValue_AfterRefreshInterval_MintsNewTokenWithNewIat()
    {
        var provider = CreateProvider();
        var first = provider.GetAuthorizationValue();

        _time.Advance(TimeSpan.FromMinutes(50));
        var second = provider.GetAuthorizationValue();
        _time.Advance(TimeSpan.FromMinutes(1));
        var third = provider.GetAuthorizationValue();

        Assert.NotEqual(first, second);
        Assert.Same(second, third);
        Assert.Equal(IssuedAt(first) + 50 * 60, IssuedAt(second));
        Assert.Equal(_time.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds(), IssuedAt(second));
    }

    [Fact]
    public void GetAuthorizationValue_ManyConcurrentCallers_ShareOneToken()
    {
        var provider = CreateProvider();
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 2000, _ => seen.Add(provider.GetAuthorizationValue()));

        Assert.Single(seen.Distinct());
    }

    private ApnsJwtProvider CreateProvider() =>
        new(new ApnsTokenCredential("TEAM123456", "KEY1234567", _key), _time, TimeSpan.FromMinutes(50), NullLogger.Instance);

    private static long IssuedAt(string authorization)
    {
        var claims = authorization["bearer ".Length..].Split('.')[1];
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(claims));
        return document.RootElement.GetProperty("iat").GetInt64();
    }
}
