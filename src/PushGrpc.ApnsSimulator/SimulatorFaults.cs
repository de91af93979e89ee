using Microsoft.Extensions.Logging;
using PushGrpc.ApnsSimulator.Internal;

namespace PushGrpc.ApnsSimulator;

/// <summary>
/// The simulator's switchable faults (<see cref="ApnsSimulator.Faults"/>). Rules are consulted in the order they were
/// added; the first one that matches a request fires. Faults hit requests that passed validation (an invalid request
/// keeps its validation error) and take precedence over 410 tokens and magic tokens. With no rule and no connection
/// in a fault state, the request path pays one volatile read.
/// </summary>
public sealed class SimulatorFaults
{
    private static readonly FaultKind[] Kinds = Enum.GetValues<FaultKind>();

    private readonly object gate = new();
    private readonly int[] injected = new int[Kinds.Length];
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private FaultHandle[] rules = [];

    // Rules plus connections in a fault state (closing after GOAWAY, expired token, lowered stream limit): while it is
    // zero the request path skips fault handling entirely.
    private int engaged;

    internal SimulatorFaults(TimeProvider time, ILogger logger)
    {
        this.time = time;
        this.logger = logger;
    }

    /// <summary>The rules in force, in the order they are consulted.</summary>
    public IReadOnlyList<FaultHandle> Rules => Volatile.Read(ref rules);

    /// <summary>How many times each kind fired (every kind is listed). A firing can affect several requests: see <see cref="SimulatorRecord.Fault"/>.</summary>
    public IReadOnlyDictionary<FaultKind, int> Injected =>
        Kinds.ToDictionary(kind => kind, kind => Volatile.Read(ref injected[(int)kind]));

    internal bool IsEngaged => Volatile.Read(ref engaged) > 0;

    internal TimeProvider Time => time;

    /// <summary>Adds a rule after the existing ones; dispose the handle (or call <see cref="Clear"/>) to remove it.</summary>
    /// <exception cref="ArgumentException">Fraction outside 0..1, Count below 1, a negative Delay or RetryAfter, or a SlowAnswer without Delay.</exception>
    public FaultHandle Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var problems = FaultRuleChecks.Problems(rule);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(rule));
        }

        DateTimeOffset? expiresAt = rule.Kind == FaultKind.RefuseConnections && rule.Delay is { } window
            ? time.GetUtcNow() + window
            : null;
        var handle = new FaultHandle(this, rule, expiresAt);
        lock (gate)
        {
            rules = [.. rules, handle];
            Interlocked.Increment(ref engaged);
        }

        SimulatorLog.FaultRuleAdded(logger, rule.Kind, rule.Fraction, rule.Count, rule.DeviceTokenPrefix);
        return handle;
    }

    /// <summary>Removes every rule. Connection states already caused run their course (see <see cref="FaultHandle.Dispose"/>).</summary>
    public void Clear()
    {
        foreach (var handle in Volatile.Read(ref rules))
        {
            Remove(handle);
        }
    }

    internal void Remove(FaultHandle handle)
    {
        lock (gate)
        {
            if (!handle.MarkRemoved())
            {
                return;
            }

            rules = Array.FindAll(rules, h => !ReferenceEquals(h, handle));
            Interlocked.Decrement(ref engaged);
        }
    }

    /// <summary>A connection entered a fault state; request handling stays on the fault path until <see cref="Disengage"/>.</summary>
    internal void Engage() => Interlocked.Increment(ref engaged);

    internal void Disengage() => Interlocked.Decrement(ref engaged);

    /// <summary>Whether a rule of this kind is in force (it may still not fire: fraction, prefix).</summary>
    internal bool Has(FaultKind kind)
    {
        foreach (var handle in Volatile.Read(ref rules))
        {
            if (handle.Rule.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A set of kinds for <see cref="Fire(uint, string?)"/>.</summary>
    internal static uint Mask(params ReadOnlySpan<FaultKind> kinds)
    {
        var mask = 0u;
        foreach (var kind in kinds)
        {
            mask |= 1u << (int)kind;
        }

        return mask;
    }

    /// <summary>The first rule of a kind in <paramref name="kinds"/> that matches and fires (fraction rolled, burst claimed); counted.</summary>
    internal FaultHandle? Fire(uint kinds, string? deviceToken)
    {
        foreach (var handle in Volatile.Read(ref rules))
        {
            if ((kinds & (1u << (int)handle.Rule.Kind)) == 0 || handle.IsRemoved || !handle.Matches(deviceToken))
            {
                continue;
            }

            if (handle.ExpiresAt is { } expiresAt && time.GetUtcNow() >= expiresAt)
            {
                Remove(handle);
                continue;
            }

            if (handle.Rolls() && handle.TryFire())
            {
                Interlocked.Increment(ref injected[(int)handle.Rule.Kind]);
                return handle;
            }
        }

        return null;
    }

    /// <summary>The first rule of exactly this kind that matches and fires.</summary>
    internal FaultHandle? Fire(FaultKind kind, string? deviceToken) => Fire(1u << (int)kind, deviceToken);
}
