using System.Net;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>The `Simulator` configuration section of the standalone host (see the README).</summary>
internal sealed class StandaloneSettings
{
    public const string SectionName = "Simulator";

    public string Address { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 2197;

    /// <summary>Apple's sandbox channel-management port (production uses 2196).</summary>
    public int ManagementPort { get; set; } = 2195;

    public int MaxChannelsPerApp { get; set; } = 10_000;

    public ApnsEnvironment Environment { get; set; } = ApnsEnvironment.Sandbox;

    public int MaxConcurrentStreams { get; set; } = 1000;

    /// <summary>Off unless set, as in-process.</summary>
    public int? DeviceTokenRateLimit { get; set; }

    public TimeSpan DeviceTokenRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Nobody reads records of a standalone simulator, so by default it keeps none.</summary>
    public int MaxRecords { get; set; }

    public List<StandaloneKeySettings> Keys { get; set; } = [];

    public string? CaCertificateOutput { get; set; }

    /// <summary>Fault rules in force from start-up (the in-process <see cref="SimulatorFaults"/> API, as configuration).</summary>
    public List<StandaloneFaultSettings> Faults { get; set; } = [];

    /// <summary>Every problem at once, so one start-up shows everything to fix.</summary>
    public List<string> Validate()
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(Address, out _))
        {
            errors.Add($"{SectionName}:Address '{Address}' is not an IP address.");
        }

        if (Port is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add($"{SectionName}:Port {Port} is outside 0..{IPEndPoint.MaxPort}.");
        }

        if (ManagementPort is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add($"{SectionName}:ManagementPort {ManagementPort} is outside 0..{IPEndPoint.MaxPort}.");
        }
        else if (ManagementPort != 0 && ManagementPort == Port)
        {
            errors.Add($"{SectionName}:ManagementPort must differ from Port ({Port}).");
        }

        if (MaxChannelsPerApp < 0)
        {
            errors.Add($"{SectionName}:MaxChannelsPerApp must not be negative.");
        }

        if (MaxConcurrentStreams < 1)
        {
            errors.Add($"{SectionName}:MaxConcurrentStreams must be at least 1.");
        }

        if (DeviceTokenRateLimit < 1)
        {
            errors.Add($"{SectionName}:DeviceTokenRateLimit must be at least 1 (leave it out for no limit).");
        }

        if (DeviceTokenRateWindow <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:DeviceTokenRateWindow must be positive.");
        }

        if (MaxRecords < 0)
        {
            errors.Add($"{SectionName}:MaxRecords must not be negative.");
        }

        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            var name = $"{SectionName}:Keys:{i}";
            if (string.IsNullOrWhiteSpace(key.TeamId))
            {
                errors.Add($"{name}:TeamId is required.");
            }

            if (string.IsNullOrWhiteSpace(key.KeyId))
            {
                errors.Add($"{name}:KeyId is required.");
            }

            if (string.IsNullOrWhiteSpace(key.KeyFile))
            {
                errors.Add($"{name}:KeyFile is required.");
            }
            else if (!File.Exists(key.KeyFile))
            {
                errors.Add($"{name}:KeyFile '{key.KeyFile}' does not exist.");
            }
        }

        for (var i = 0; i < Faults.Count; i++)
        {
            var name = $"{SectionName}:Faults:{i}";
            if (Faults[i].Kind is null)
            {
                errors.Add($"{name}:Kind is required ({string.Join(", ", Enum.GetNames<FaultKind>())}).");
                continue;
            }

            errors.AddRange(FaultRuleChecks.Problems(Faults[i].ToRule()).Select(problem => $"{name}: {problem}"));
        }

        return errors;
    }

    public ApnsSimulatorOptions ToOptions() => new()
    {
        Address = IPAddress.Parse(Address),
        Port = Port,
        ManagementPort = ManagementPort,
        MaxChannelsPerApp = MaxChannelsPerApp,
        Environment = Environment,
        MaxConcurrentStreams = MaxConcurrentStreams,
        DeviceTokenRateLimit = DeviceTokenRateLimit,
        DeviceTokenRateWindow = DeviceTokenRateWindow,
        RecordPayloads = false,
        MaxRecords = MaxRecords,
    };
}

/// <summary>One fault rule; the keys are <see cref="FaultRule"/>'s properties (Delay as a TimeSpan, e.g. 00:00:05).</summary>
internal sealed class StandaloneFaultSettings
{
    public FaultKind? Kind { get; set; }

    public double Fraction { get; set; } = 1;

    public int? Count { get; set; }

    public TimeSpan? Delay { get; set; }

    public int? RetryAfter { get; set; }

    public string? Reason { get; set; }

    public string? DeviceTokenPrefix { get; set; }

    public FaultRule ToRule() => new(Kind ?? FaultKind.GoAway)
    {
        Fraction = Fraction,
        Count = Count,
        Delay = Delay,
        RetryAfter = RetryAfter,
        Reason = Reason,
        DeviceTokenPrefix = DeviceTokenPrefix,
    };
}

/// <summary>One provider-token key: the team, the key id and the .p8 file whose public part verifies the JWTs.</summary>
internal sealed class StandaloneKeySettings
{
    public string TeamId { get; set; } = string.Empty;

    public string KeyId { get; set; } = string.Empty;

    public string KeyFile { get; set; } = string.Empty;

    public List<string> BundleIds { get; set; } = [];
}
