using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;

namespace PushGrpc.Cli;

/// <summary>The options every command has: where the gateway is and the API key to present.</summary>
internal sealed class GatewayOptions
{
    public const string DefaultAddress = "http://localhost:50051";

    public Option<string?> Address { get; } = new("--address", "-a")
    {
        Description = "The gateway's gRPC address (http:// for h2c, https:// for TLS). Default: $PUSHGRPC_ADDRESS, else " + DefaultAddress + ".",
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "API key sent as \"authorization: Bearer <key>\". Default: $PUSHGRPC_API_KEY.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Address);
        command.Options.Add(ApiKey);
    }

    public GrpcChannel Connect(ParseResult parse, CliContext context)
    {
        var address = parse.GetValue(Address) ?? context.Environment("PUSHGRPC_ADDRESS") ?? DefaultAddress;
        if (!address.Contains("://", StringComparison.Ordinal))
        {
            address = "http://" + address;
        }

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
    }

    public Metadata Headers(ParseResult parse, CliContext context)
    {
        var headers = new Metadata();
        if ((parse.GetValue(ApiKey) ?? context.Environment("PUSHGRPC_API_KEY")) is { Length: > 0 } key)
        {
            headers.Add("authorization", "Bearer " + key);
        }

        return headers;
    }
}
