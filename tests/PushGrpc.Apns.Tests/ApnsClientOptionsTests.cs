using System.Security.Cryptography;

namespace PushGrpc.Apns.Tests;

public sealed class ApnsClientOptionsTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Validate_DefaultsWithCredential_ReportsNothing()
    {
        Assert.Empty(Options().Validate());
    }

    [Theory]
    [InlineData(20, true)]
    [InlineData(59, true)]
    [InlineData(19, false)]
    [InlineData(60, false)]
    public void Validate_TokenRefreshInterval_AcceptsOnlyTwentyToUnderSixtyMinutes(int minutes, bool valid)
    {
        var errors = new ApnsClientOptions
        {
            Credential = Credential(),
            TokenRefreshInterval = TimeSpan.FromMinutes(minutes),
        }.Validate();

        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneAtOnce()
    {
        var options = new ApnsClientOptions
        {
            Credential = null!,
            Environment = (ApnsEnvironment)42,
            BaseAddress = new Uri("http://localhost:8080"),
            PoolSize = 0,
            MaxStreamsPerConnection = 0,
            RequestTimeout = TimeSpan.Zero,
            TokenRefreshInterval = TimeSpan.FromMinutes(5),
            TimeProvider = null!,
        };

        var errors = options.Validate();

        Assert.Equal(8, errors.Count);
        Assert.Contains(errors, e => e.Contains("Credential", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Environment", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("BaseAddress", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PoolSize", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxStreamsPerConnection", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RequestTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("TokenRefreshInterval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("TimeProvider", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryProblem()
    {
        var options = new ApnsClientOptions { Credential = Credential(), PoolSize = 0, RequestTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => new ApnsClient(options));

        Assert.Contains("PoolSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApnsEnvironment.Sandbox, false, "https://api.sandbox.push.apple.com/")]
    [InlineData(ApnsEnvironment.Production, false, "https://api.push.apple.com/")]
    [InlineData(ApnsEnvironment.Sandbox, true, "https://api.sandbox.push.apple.com:2197/")]
    [InlineData(ApnsEnvironment.Production, true, "https://api.push.apple.com:2197/")]
    public void ResolveBaseAddress_EnvironmentAndPort_PicksAppleHost(ApnsEnvironment environment, bool alternatePort, string expected)
    {
        var options = new ApnsClientOptions { Credential = Credential(), Environment = environment, UseAlternatePort = alternatePort };

        Assert.Equal(new Uri(expected), ApnsClient.ResolveBaseAddress(options));
    }

    [Fact]
    public void ResolveBaseAddress_OverrideWithPath_KeepsSchemeHostAndPortOnly()
    {
        var options = new ApnsClientOptions
        {
            Credential = Credential(),
            BaseAddress = new Uri("https://simulator.local:8443/some/path"),
            UseAlternatePort = true,
        };

        Assert.Equal(new Uri("https://simulator.local:8443/"), ApnsClient.ResolveBaseAddress(options));
    }

    private ApnsClientOptions Options() => new() { Credential = Credential() };

    private ApnsTokenCredential Credential() => new("TEAM123456", "KEY1234567", _key);
}
