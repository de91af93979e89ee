namespace PushGrpc.ApnsSimulator;

/// <summary>An added <see cref="FaultRule"/>: how often it fired, whether it is spent; disposing removes it.</summary>
public sealed class FaultHandle : IDisposable
{
    private readonly SimulatorFaults owner;
    private int fired;
    private int removed;

    internal FaultHandle(SimulatorFaults owner, FaultRule rule, DateTimeOffset? expiresAt)
    {
        this.owner = owner;
        Rule = rule;
        ExpiresAt = expiresAt;
    }

    /// <summary>The rule as added.</summary>
    public FaultRule Rule { get; }

    /// <summary>How many times this rule fired.</summary>
    public int Injected => Math.Min(Volatile.Read(ref fired), Rule.Count ?? int.MaxValue);

    /// <summary>True once the rule is removed: by <see cref="Dispose"/>, <see cref="SimulatorFaults.Clear"/>, its Count or its Delay (RefuseConnections).</summary>
    public bool IsRemoved => Volatile.Read(ref removed) != 0;

    internal DateTimeOffset? ExpiresAt { get; }

    /// <summary>Removes the rule; connection states it already caused (an expired token, a lowered stream limit, a closing connection) run their course.</summary>
    public void Dispose() => owner.Remove(this);

    /// <summary>Claims one firing; false when the burst is used up (the rule is then removed).</summary>
    internal bool TryFire()
    {
        var now = Interlocked.Increment(ref fired);
        if (Rule.Count is { } count)
        {
            if (now > count)
            {
                owner.Remove(this);
                return false;
            }

            if (now == count)
            {
                owner.Remove(this);
            }
        }

        return true;
    }

    /// <summary>Marks the handle removed; true only for the first caller.</summary>
    internal bool MarkRemoved() => Interlocked.Exchange(ref removed, 1) == 0;

    internal bool Matches(string? deviceToken) =>
        Rule.DeviceTokenPrefix is not { } prefix ||
        (deviceToken is not null && deviceToken.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    internal bool Rolls() => Rule.Fraction >= 1 || (Rule.Fraction > 0 && Random.Shared.NextDouble() < Rule.Fraction);

    internal string ReasonOr(string fallback) => string.IsNullOrEmpty(Rule.Reason) ? fallback : Rule.Reason;
}
