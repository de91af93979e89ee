using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PushGrpc.Server.Hosting;

namespace PushGrpc.Cli.Tests;

/// <summary>A gateway in simulator mode (app "demo") on ephemeral loopback ports, shared by a test class.</summary>
public sealed class CliGatewayFixture : IAsyncLifetime
{
    public WebApplication Gateway { get; private set; } = null!;

    public string GrpcAddress { get; private set; } = null!;

    public string HttpAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gateway = await GatewayApplication.BuildAsync(["--environment", "Development"], builder =>
            builder.Configuration.AddInMemoryCollection(
            [
                new("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0"),
                new("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0"),
                new("Logging:LogLevel:Default", "Warning"),
            ]));
        await Gateway.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var endpoints = Gateway.Services.GetRequiredService<GatewayEndpoints>();
        GrpcAddress = endpoints.Grpc!.ToString();
        HttpAddress = endpoints.Http!.ToString();
    }

    public async Task DisposeAsync()
    {
        await Gateway.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await Gateway.DisposeAsync();
    }
}
