namespace PushGrpc.Server.Options;

/// <summary>
/// A token bucket: <see cref="PerSecond"/> notifications per second on average, up to <see cref="Burst"/> at once.
/// Unset (PerSecond 0) means no limit. A notification counts once, whatever its number of device tokens.
/// </summary>
internal sealed class RateLimitOptions
{
    /// <summary>Sustained rate; 0 turns the limit off.</summary>
    public int PerSecond { get; set; }

    /// <summary>Bucket size: how many may pass at once after a quiet spell. Defaults to <see cref="PerSecond"/>.</summary>
    public int? Burst { get; set; }

    public bool IsEnabled => PerSecond > 0;

    public int EffectiveBurst => Burst ?? PerSecond;
}
