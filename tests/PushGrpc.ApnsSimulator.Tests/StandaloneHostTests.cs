using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using PushGrpc.ApnsSimulator.Internal;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>The standalone host's `Simulator` configuration section, as Program.cs uses it.</summary>
public sealed class StandaloneHostTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("apns-simulator-tests").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Configuration_KeyFileAndCaOutput_AcceptsTokensAndWritesCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyFile = Path.Combine(directory, "AuthKey_KEY1234567.p8");
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem()).Timeout();
        var caFile = Path.Combine(directory, "ca.pem");
        var configuration = OnEphemeralPorts(new()
        {
            ["Simulator:Environment"] = "Production",
            ["Simulator:CaCertificateOutput"] = caFile,
            ["Simulator:Keys:0:TeamId"] = SimulatorFixture.TeamId,
            ["Simulator:Keys:0:KeyId"] = SimulatorFixture.KeyId,
            ["Simulator:Keys:0:KeyFile"] = keyFile,
            ["Simulator:Keys:0:BundleIds:0"] = "com.standalone.app",
        });

        await using var simulator = await StandaloneHost.StartAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None).Timeout();
        using var client = SimulatorFixture.CreateClient(simulator);
        var jwt = Jwt.Create(key, SimulatorFixture.KeyId, SimulatorFixture.TeamId, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var request = SimulatorFixture.Request(HttpMethod.Post, $"/3/device/{SimulatorFixture.RandomToken()}");
        request.Content = new StringContent(SimulatorFixture.AlertPayload);
        request.Headers.TryAddWithoutValidation("authorization", $"bearer {jwt}");
        request.Headers.TryAddWithoutValidation("apns-topic", "com.standalone.app");
        var answer = await SimulatorFixture.SendAsync(client, request);

        Assert.Equal(200, answer.Status);
        Assert.Null(answer.UniqueId); // production
        using var written = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caFile).Timeout());
        Assert.Equal(simulator.CaCertificate.Thumbprint, written.Thumbprint);
        Assert.Empty(simulator.Records); // standalone keeps no records by default
    }

    [Fact]
    public async Task Configuration_SeveralMistakes_AllReportedAtOnce()
    {
        var configuration = Configuration(new()
        {
            ["Simulator:Port"] = "70000",
            ["Simulator:MaxConcurrentStreams"] = "0",
            ["Simulator:Address"] = "not-an-ip",
            ["Simulator:Keys:0:KeyId"] = SimulatorFixture.KeyId,
            ["Simulator:Keys:0:KeyFile"] = Path.Combine(directory, "missing.p8"),
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => StandaloneHost.StartAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None).Timeout());

        Assert.Contains("Simulator:Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:MaxConcurrentStreams", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:Address", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:Keys:0:TeamId", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:Keys:0:KeyFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_ManagementPortAndChannelLimit_Applied()
    {
        var configuration = OnEphemeralPorts(new()
        {
            ["Simulator:MaxChannelsPerApp"] = "1",
        });

        await using var simulator = await StandaloneHost.StartAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None).Timeout();

        Assert.NotEqual(simulator.BaseAddress.Port, simulator.ManagementBaseAddress.Port);
        Assert.NotEqual(0, simulator.ManagementBaseAddress.Port);
        simulator.CreateChannel("com.standalone.app");
        Assert.Throws<InvalidOperationException>(() => simulator.CreateChannel("com.standalone.app"));
    }

    [Theory]
    [InlineData("70000", "0", "Simulator:ManagementPort 70000 is outside")]
    [InlineData("2300", "2300", "Simulator:ManagementPort must differ from Port")]
    [InlineData("0", "0", null)]
    public void Settings_ManagementPort_Validated(string managementPort, string port, string? problem)
    {
        var settings = Configuration(new() { ["Simulator:Port"] = port, ["Simulator:ManagementPort"] = managementPort, ["Simulator:MaxChannelsPerApp"] = "-1" })
            .GetSection(StandaloneSettings.SectionName).Get<StandaloneSettings>()!;

        var errors = settings.Validate();

        Assert.Contains(errors, e => e.Contains("Simulator:MaxChannelsPerApp must not be negative", StringComparison.Ordinal));
        Assert.Equal(problem is not null, errors.Exists(e => problem is not null && e.Contains(problem, StringComparison.Ordinal)));
        Assert.Equal(problem is null ? 1 : 2, errors.Count);
    }

    [Fact]
    public void Settings_Defaults_ApplesSandboxManagementPortAndLimit()
    {
        var options = new StandaloneSettings().ToOptions();

        Assert.Equal((2197, 2195, 10_000), (options.Port, options.ManagementPort, options.MaxChannelsPerApp));
        Assert.Equal((null, TimeSpan.FromMinutes(1)), (options.DeviceTokenRateLimit, options.DeviceTokenRateWindow));
    }

    [Fact]
    public void Settings_ShippedAppsettings_SameAsDefaults()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();

        var settings = configuration.GetSection(StandaloneSettings.SectionName).Get<StandaloneSettings>()!;

        Assert.Empty(settings.Validate());
        Assert.Equal((null, TimeSpan.FromMinutes(1)), (settings.DeviceTokenRateLimit, settings.DeviceTokenRateWindow));
    }

    [Fact]
    public void Settings_DeviceTokenRateLimit_AppliedAndValidated()
    {
        var settings = Configuration(new() { ["Simulator:DeviceTokenRateLimit"] = "50", ["Simulator:DeviceTokenRateWindow"] = "02:00:00" })
            .GetSection(StandaloneSettings.SectionName).Get<StandaloneSettings>()!;
        var wrong = Configuration(new() { ["Simulator:DeviceTokenRateLimit"] = "0", ["Simulator:DeviceTokenRateWindow"] = "00:00:00" })
            .GetSection(StandaloneSettings.SectionName).Get<StandaloneSettings>()!;

        var options = settings.ToOptions();
        var errors = wrong.Validate();

        Assert.Empty(settings.Validate());
        Assert.Equal((50, TimeSpan.FromHours(2)), (options.DeviceTokenRateLimit, options.DeviceTokenRateWindow));
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("Simulator:DeviceTokenRateLimit must be at least 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Simulator:DeviceTokenRateWindow must be positive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configuration_KeyFileNotPem_Reported()
    {
        var keyFile = Path.Combine(directory, "garbage.p8");
        await File.WriteAllTextAsync(keyFile, "not a key").Timeout();
        var configuration = OnEphemeralPorts(new()
        {
            ["Simulator:Keys:0:TeamId"] = SimulatorFixture.TeamId,
            ["Simulator:Keys:0:KeyId"] = SimulatorFixture.KeyId,
            ["Simulator:Keys:0:KeyFile"] = keyFile,
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => StandaloneHost.StartAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None).Timeout());

        Assert.Contains("is not a PEM EC key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_Faults_InForceFromStart()
    {
        var configuration = OnEphemeralPorts(new()
        {
            ["Simulator:Faults:0:Kind"] = "ServiceUnavailable",
            ["Simulator:Faults:0:Fraction"] = "1",
            ["Simulator:Faults:0:Count"] = "1",
            ["Simulator:Faults:0:RetryAfter"] = "120",
            ["Simulator:Faults:0:Reason"] = "Shutdown",
            ["Simulator:Faults:0:DeviceTokenPrefix"] = "abcd",
            ["Simulator:Faults:1:Kind"] = "SlowAnswer",
            ["Simulator:Faults:1:Delay"] = "00:00:00.050",
            ["Simulator:Faults:1:Fraction"] = "0.25",
        });

        await using var simulator = await StandaloneHost.StartAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None).Timeout();
        using var client = SimulatorFixture.CreateClient(simulator);
        var request = SimulatorFixture.Request(HttpMethod.Post, $"/3/device/abcd{SimulatorFixture.RandomToken()[4..]}");
        request.Content = new StringContent(SimulatorFixture.AlertPayload);
        using var response = await client.SendAsync(request).Timeout();

        Assert.Equal(2, simulator.Faults.Rules.Count);
        Assert.Equal(
            new FaultRule(FaultKind.SlowAnswer) { Delay = TimeSpan.FromMilliseconds(50), Fraction = 0.25 },
            simulator.Faults.Rules[1].Rule);

        // No key is configured, so the push is refused before the fault step: the 503 rule stays unspent.
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal(0, simulator.Faults.Injected[FaultKind.ServiceUnavailable]);
        Assert.Equal(
            new FaultRule(FaultKind.ServiceUnavailable) { Count = 1, RetryAfter = 120, Reason = "Shutdown", DeviceTokenPrefix = "abcd" },
            simulator.Faults.Rules[0].Rule);
    }

    [Fact]
    public async Task Configuration_BadFaults_AllReportedAtOnce()
    {
        var configuration = OnEphemeralPorts(new()
        {
            ["Simulator:Faults:0:Fraction"] = "0.5",
            ["Simulator:Faults:1:Kind"] = "InternalServerError",
            ["Simulator:Faults:1:Fraction"] = "2",
            ["Simulator:Faults:2:Kind"] = "SlowAnswer",
            ["Simulator:Faults:3:Kind"] = "TooManyRequests",
            ["Simulator:Faults:3:Count"] = "0",
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => StandaloneHost.StartAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None).Timeout());

        Assert.Contains("Simulator:Faults:0:Kind is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:Faults:1: Fraction 2 is outside 0..1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:Faults:2: A SlowAnswer rule needs a Delay", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:Faults:3: Count 0", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    /// <summary>A simulator that starts: both listeners on ports the system picks, and <paramref name="values"/>.</summary>
    private static IConfiguration OnEphemeralPorts(Dictionary<string, string?> values) =>
        Configuration(new(values) { ["Simulator:Port"] = "0", ["Simulator:ManagementPort"] = "0" });
}
