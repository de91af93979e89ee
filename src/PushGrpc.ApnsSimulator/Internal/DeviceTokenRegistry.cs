using System.Collections.Concurrent;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>What the simulator was told about one device token.</summary>
/// <param name="Topic">The topic the token belongs to; null when only its retirement is known.</param>
/// <param name="InvalidSince">When the token stopped being valid; null while it is valid.</param>
/// <param name="Expired">Answer ExpiredToken rather than Unregistered.</param>
internal sealed record DeviceTokenRegistration(string? Topic, DateTimeOffset? InvalidSince, bool Expired);

/// <summary>
/// Device tokens with a known owner or state. Tokens not in here are accepted for any topic, so benchmarks can push
/// random tokens without registering them.
/// </summary>
internal sealed class DeviceTokenRegistry
{
    // Hex is case-insensitive: a token registered in upper case is the same device as its lower-case spelling.
    private readonly ConcurrentDictionary<string, DeviceTokenRegistration> registrations = new(StringComparer.OrdinalIgnoreCase);

    public DeviceTokenRegistration? Find(string deviceToken) =>
        registrations.TryGetValue(deviceToken, out var registration) ? registration : null;

    /// <summary>Binds the token to a topic; like an app re-registering, this also makes a retired token valid again.</summary>
    public void Register(string deviceToken, string topic) =>
        registrations[deviceToken] = new DeviceTokenRegistration(topic, null, false);

    public void Unregister(string deviceToken, DateTimeOffset since, bool expired) =>
        registrations.AddOrUpdate(
            deviceToken,
            static (_, state) => new DeviceTokenRegistration(null, state.since, state.expired),
            static (_, existing, state) => existing with { InvalidSince = state.since, Expired = state.expired },
            (since, expired));
}
