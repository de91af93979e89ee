namespace PushGrpc.Server.Options;

/// <summary>The in-process APNs simulator for development.</summary>
internal sealed class EmbeddedSimulatorOptions
{
    /// <summary>
    /// True: run against the embedded simulator with a "demo" app. Unset: only when no app is configured and the
    /// host runs in Development.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Streams per connection the simulator advertises.</summary>
    public int MaxConcurrentStreams { get; set; } = 1000;

    /// <summary>
    /// Pushes one device token may get within <see cref="DeviceTokenRateWindow"/> before the simulator answers 429
    /// TooManyRequests, as APNs does; null (the default) sets no limit.
    /// </summary>
    public int? DeviceTokenRateLimit { get; set; }

    public TimeSpan DeviceTokenRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>What is wrong with these settings, each naming its configuration key; empty when nothing is.</summary>
    public List<string> Problems()
    {
        const string Section = PushGrpcOptions.SectionName + ":Simulator:";
        var problems = new List<string>();
        if (MaxConcurrentStreams < 1)
        {
            problems.Add($"{Section}MaxConcurrentStreams must be at least 1 (was {MaxConcurrentStreams}).");
        }

        if (DeviceTokenRateLimit is < 1)
        {
            problems.Add($"{Section}DeviceTokenRateLimit must be at least 1 (was {DeviceTokenRateLimit}); leave it out for no limit.");
        }

        if (DeviceTokenRateWindow <= TimeSpan.Zero)
        {
            problems.Add($"{Section}DeviceTokenRateWindow must be longer than zero (was {DeviceTokenRateWindow}).");
        }

        return problems;
    }
}
