using System.Security.Cryptography;
using PushGrpc.ApnsSimulator;
using PushGrpc.Server.Options;

namespace PushGrpc.Server.Hosting;

/// <summary>
/// Development without Apple credentials: starts the APNs simulator in-process and configures a "demo" app against
/// it, through the same configuration keys a real app uses, so the gateway runs its production code path.
/// </summary>
internal sealed class EmbeddedSimulator : IAsyncDisposable
{
    public const string AppName = "demo";
    public const string Topic = "com.example.demo";
    public const string TeamId = "DEMOTEAM01";
    public const string KeyId = "DEMOKEY001";

    private readonly string _caFile;

    private EmbeddedSimulator(ApnsSimulator.ApnsSimulator simulator, string caFile)
    {
        Simulator = simulator;
        _caFile = caFile;
    }

    public ApnsSimulator.ApnsSimulator Simulator { get; }

    public static async Task<EmbeddedSimulator> StartAsync(IConfigurationBuilder configuration, EmbeddedSimulatorOptions options)
    {
        // A throwaway signing key: the simulator only needs to verify what the gateway signs.
        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var simulator = await ApnsSimulator.ApnsSimulator.StartAsync(new ApnsSimulatorOptions
        {
            MaxConcurrentStreams = options.MaxConcurrentStreams,
            DeviceTokenRateLimit = options.DeviceTokenRateLimit,
            DeviceTokenRateWindow = options.DeviceTokenRateWindow,
            RecordPayloads = false,
            MaxRecords = 1000,
        }).ConfigureAwait(false);
        using (var publicKey = ECDsa.Create(signingKey.ExportParameters(includePrivateParameters: false)))
        {
            simulator.AddSigningKey(TeamId, KeyId, publicKey, Topic);
        }

        var caFile = Path.Combine(Path.GetTempPath(), $"pushgrpc-simulator-ca-{Environment.ProcessId}-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, simulator.CaCertificate.ExportCertificatePem()).ConfigureAwait(false);

        var app = $"{PushGrpcOptions.SectionName}:Apps:{AppName}";
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{app}:Topic"] = Topic,
            [$"{app}:Environment"] = "Sandbox",
            [$"{app}:BaseAddress"] = simulator.BaseAddress.ToString(),
            [$"{app}:ManagementBaseAddress"] = simulator.ManagementBaseAddress.ToString(),
            [$"{app}:CaCertificateFile"] = caFile,
            [$"{app}:Token:TeamId"] = TeamId,
            [$"{app}:Token:KeyId"] = KeyId,
            [$"{app}:Token:Key"] = signingKey.ExportPkcs8PrivateKeyPem(),
        });
        return new EmbeddedSimulator(simulator, caFile);
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync().ConfigureAwait(false);
        File.Delete(_caFile);
    }
}
