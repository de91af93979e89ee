using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PushGrpc.Server.Hosting;

namespace PushGrpc.FunctionalTests.Security;

/// <summary>Outside Development the gateway wants caller authentication, unless explicitly told to run without.</summary>
public sealed class StartupAuthTests
{
    private static readonly KeyValuePair<string, string?>[] EmbeddedInProduction =
    [
        new("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0"),
        new("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0"),
        new("PushGrpc:Simulator:Enabled", "true"),
    ];

    [Fact]
    public async Task StartUp_ProductionWithoutCallerAuthentication_FailsSayingHowToAllowIt()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var gateway = await GatewayApplication.BuildAsync(["--environment", "Production"], builder =>
                builder.Configuration.AddInMemoryCollection(EmbeddedInProduction));
        });

        Assert.Contains(error.Failures, f => f.Contains("PushGrpc:Auth:AllowUnauthenticated=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartUp_ProductionWithAllowUnauthenticated_Starts()
    {
        await using var gateway = await GatewayApplication.BuildAsync(["--environment", "Production"], builder =>
            builder.Configuration.AddInMemoryCollection([.. EmbeddedInProduction, new("PushGrpc:Auth:AllowUnauthenticated", "true")]));
        await gateway.StartAsync().WaitAsync(TestTimeouts.Default);
        await gateway.StopAsync().WaitAsync(TestTimeouts.Default);
    }
}
