using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PushGrpc.Server.Hosting;

namespace PushGrpc.FunctionalTests;

/// <summary>Where a started test gateway listens: its gRPC (h2c) and HTTP/1.1 endpoints, both on ephemeral ports.</summary>
internal static class GatewayAddresses
{
    /// <summary>Both endpoints on loopback port 0, so test gateways never collide with each other or a running one.</summary>
    public static readonly KeyValuePair<string, string?>[] EphemeralPorts =
    [
        new("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0"),
        new("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0"),
    ];

    public static Uri Grpc(WebApplication gateway) =>
        gateway.Services.GetRequiredService<GatewayEndpoints>().Grpc ?? throw new InvalidOperationException("The gateway has no gRPC endpoint.");

    public static Uri Http(WebApplication gateway) =>
        gateway.Services.GetRequiredService<GatewayEndpoints>().Http ?? throw new InvalidOperationException("The gateway has no HTTP endpoint.");
}
