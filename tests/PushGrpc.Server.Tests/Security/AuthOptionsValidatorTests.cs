using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using PushGrpc.Server.Options;
using PushGrpc.Server.Security;

namespace PushGrpc.Server.Tests.Security;

public sealed class AuthOptionsValidatorTests
{
    [Fact]
    public void Validate_ProductionWithoutAuthentication_FailsNamingTheWayOut()
    {
        var result = Validator(Environments.Production).Validate(null, new PushGrpcOptions());

        Assert.Contains(result.Failures!, f => f.Contains("PushGrpc:Auth:AllowUnauthenticated=true", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Development", false)]
    [InlineData("Production", true)]
    public void Validate_DevelopmentOrExplicitlyAllowed_PassesWithoutAuthentication(string environment, bool allow)
    {
        var options = new PushGrpcOptions { Auth = { AllowUnauthenticated = allow } };

        Assert.True(Validator(environment).Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_BadKeysCertificatesAndLimits_ReportsEveryProblem()
    {
        var options = new PushGrpcOptions();
        options.Apps["shop"] = new AppOptions { RateLimit = { PerSecond = -1 } };
        options.Auth.ApiKeys["plain"] = new ApiKeyOptions { Hash = "the-key-itself", Apps = ["shop"] };
        options.Auth.ApiKeys["typo"] = new ApiKeyOptions { Hash = ApiKeyHash.Create("k"), Apps = ["shpo"], RateLimit = { Burst = 5 } };
        options.Auth.ApiKeys["nothing"] = new ApiKeyOptions { Hash = ApiKeyHash.Create("k2") };
        options.Auth.ClientCertificates["both"] = new ClientCertificateOptions { Thumbprint = "AB", CommonName = "x", Apps = ["*"] };
        options.Auth.ClientCertificates["short"] = new ClientCertificateOptions { Thumbprint = "AB:CD", Apps = ["*"] };

        var failures = Validator(Environments.Production).Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("PushGrpc:Auth:ApiKeys:plain:Hash", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("\"shpo\", which is not a configured app", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PushGrpc:Auth:ApiKeys:typo:RateLimit:Burst needs PerSecond", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PushGrpc:Auth:ApiKeys:nothing:Apps", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PushGrpc:Auth:ClientCertificateCaFile is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PushGrpc:Auth:ClientCertificates:both needs exactly one", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PushGrpc:Auth:ClientCertificates:short:Thumbprint", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PushGrpc:Apps:shop:RateLimit:PerSecond", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("the-key-itself", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ThumbprintWithColonsAndLowercase_IsAccepted()
    {
        var options = new PushGrpcOptions();
        options.Auth.ClientCertificateCaFile = typeof(AuthOptionsValidatorTests).Assembly.Location;
        options.Auth.ClientCertificates["ok"] = new ClientCertificateOptions
        {
            Thumbprint = string.Join(':', Enumerable.Repeat("ab", 32)),
            Apps = ["*"],
        };

        Assert.True(Validator(Environments.Production).Validate(null, options).Succeeded);
    }

    private static PushGrpcOptionsValidator Validator(string environment) =>
        new(new HostingEnvironment { EnvironmentName = environment });
}
