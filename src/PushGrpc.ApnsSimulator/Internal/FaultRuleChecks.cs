namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>What makes a <see cref="FaultRule"/> unusable; shared by the in-process API and standalone configuration.</summary>
internal static class FaultRuleChecks
{
    public static List<string> Problems(FaultRule rule)
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(rule.Kind))
        {
            problems.Add($"Kind {rule.Kind} is not a fault kind.");
        }

        if (double.IsNaN(rule.Fraction) || rule.Fraction is < 0 or > 1)
        {
            problems.Add($"Fraction {rule.Fraction} is outside 0..1.");
        }

        if (rule.Count is < 1)
        {
            problems.Add($"Count {rule.Count} must be at least 1 (leave it out for no limit).");
        }

        if (rule.Delay is { } delay && delay < TimeSpan.Zero)
        {
            problems.Add($"Delay {delay} must not be negative.");
        }

        if (rule.Kind == FaultKind.SlowAnswer && rule.Delay is null)
        {
            problems.Add("A SlowAnswer rule needs a Delay.");
        }

        if (rule.RetryAfter is < 0)
        {
            problems.Add($"RetryAfter {rule.RetryAfter} must not be negative.");
        }

        return problems;
    }
}
