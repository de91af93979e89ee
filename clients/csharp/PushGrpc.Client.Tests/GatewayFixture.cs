namespace PushGrpc.Client.Tests;

/// <summary>The live gateway named by PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE, and one
/// h2c client for it shared by the tests.</summary>
public sealed class GatewayFixture : IDisposable
{
    public GatewayFixture() => Client = PushGrpcClient.Connect(Address);

    public static string Address => Env("PUSHGRPC_ADDRESS");

    public static string TlsAddress => Env("PUSHGRPC_TLS_ADDRESS");

    public static string CaFile => Env("PUSHGRPC_CA_FILE");

    public PushGrpcClient Client { get; }

    public void Dispose() => Client.Dispose();

    private static string Env(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run clients/csharp/test.sh against a live gateway");
}
