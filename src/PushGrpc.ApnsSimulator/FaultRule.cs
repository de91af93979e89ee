namespace PushGrpc.ApnsSimulator;

/// <summary>
/// One switchable fault: what to inject (<see cref="Kind"/>), to which requests (<see cref="Fraction"/>,
/// <see cref="DeviceTokenPrefix"/>) and how often (<see cref="Count"/>). Add it with <see cref="SimulatorFaults.Add"/>.
/// </summary>
/// <param name="Kind">The fault.</param>
public sealed record FaultRule(FaultKind Kind)
{
    /// <summary>The share of matching requests (connections, for RefuseConnections) hit, 0..1; 1 hits every one.</summary>
    public double Fraction { get; init; } = 1;

    /// <summary>A burst: the rule fires at most this many times and is then removed. Null: until removed.</summary>
    public int? Count { get; init; }

    /// <summary>SlowAnswer: how late the answer comes (required). RefuseConnections: how long connections are refused (null: until removed).</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>TooManyRequests, InternalServerError, ServiceUnavailable: the Retry-After header in seconds; null sends none.</summary>
    public int? RetryAfter { get; init; }

    /// <summary>GoAway: the debug data's reason (default Shutdown). 429/500/503: the answer's reason (default per kind).</summary>
    public string? Reason { get; init; }

    /// <summary>Only requests whose device token starts with this (ordinal, case-insensitive); null matches all.</summary>
    public string? DeviceTokenPrefix { get; init; }
}
