using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using PushGrpc.Server.Hosting;

namespace PushGrpc.FunctionalTests;

/// <summary>Console log format: JSON lines in production, readable in Development, configurable either way.</summary>
public sealed class LoggingTests
{
    [Theory]
    [InlineData("Production", null, ConsoleFormatterNames.Json)]
    [InlineData("Staging", null, ConsoleFormatterNames.Json)]
    [InlineData("Development", null, ConsoleFormatterNames.Simple)]
    [InlineData("Production", "systemd", ConsoleFormatterNames.Systemd)]
    public async Task ConsoleFormatter_ByEnvironment_IsJsonOutsideDevelopmentUnlessConfigured(string environment, string? configured, string expected)
    {
        await using var gateway = await GatewayApplication.BuildAsync(["--environment", environment], builder =>
        {
            builder.Configuration.AddInMemoryCollection(GatewayAddresses.EphemeralPorts);
            builder.Configuration.AddInMemoryCollection([new("PushGrpc:Simulator:Enabled", "true"), new("PushGrpc:Auth:AllowUnauthenticated", "true"), new("Logging:Console:FormatterName", configured)]);
        });

        var console = gateway.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(expected, console.FormatterName);
    }

    [Fact]
    public async Task JsonConsole_InProduction_WritesUtcTimestampsAndScopes()
    {
        await using var gateway = await GatewayApplication.BuildAsync(["--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(GatewayAddresses.EphemeralPorts);
            builder.Configuration.AddInMemoryCollection([new("PushGrpc:Simulator:Enabled", "true"), new("PushGrpc:Auth:AllowUnauthenticated", "true")]);
        });

        var json = gateway.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        Assert.True(json.UseUtcTimestamp);
        Assert.True(json.IncludeScopes);
        Assert.False(json.JsonWriterOptions.Indented);
    }
}
