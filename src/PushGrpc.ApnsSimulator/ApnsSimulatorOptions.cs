using System.Net;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator;

/// <summary>How an <see cref="ApnsSimulator"/> listens and behaves. Read once by <see cref="ApnsSimulator.StartAsync"/>.</summary>
public sealed class ApnsSimulatorOptions
{
    /// <summary>The address to listen on; loopback by default.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 picks a free ephemeral port (see <see cref="ApnsSimulator.BaseAddress"/>).</summary>
    public int Port { get; set; }

    /// <summary>
    /// The TCP port of the channel-management listener (apns-reference §7.1; Apple's are 2195/2196); 0 picks a free
    /// ephemeral port (see <see cref="ApnsSimulator.ManagementBaseAddress"/>). Same address, TLS and auth as the push listener.
    /// </summary>
    public int ManagementPort { get; set; }

    /// <summary>Broadcast channels one app may have (APNs: 10,000 per app per environment); beyond, 400 CannotCreateChannelConfig.</summary>
    public int MaxChannelsPerApp { get; set; } = 10_000;

    /// <summary>The environment answered for. Sandbox answers to accepted pushes also carry apns-unique-id.</summary>
    public ApnsEnvironment Environment { get; set; } = ApnsEnvironment.Sandbox;

    /// <summary>SETTINGS_MAX_CONCURRENT_STREAMS advertised on every connection (APNs typically sends 1000).</summary>
    public int MaxConcurrentStreams { get; set; } = 1000;

    /// <summary>
    /// Pushes one device token may get within <see cref="DeviceTokenRateWindow"/>; beyond, 429 TooManyRequests until the
    /// window ends, as APNs answers "too many requests made consecutively to the same device token" (its thresholds are
    /// undocumented). Null (the default) sets no limit: tests and benchmarks push to the same tokens over and over.
    /// </summary>
    public int? DeviceTokenRateLimit { get; set; }

    /// <summary>The window of <see cref="DeviceTokenRateLimit"/>: a token's count starts afresh one window after its first counted push.</summary>
    public TimeSpan DeviceTokenRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Keep the payload bytes in <see cref="SimulatorRecord.Payload"/>; benchmarks turn this off.</summary>
    public bool RecordPayloads { get; set; } = true;

    /// <summary>
    /// How many records to keep; beyond it the oldest are dropped. Null keeps every record (tests); long-running
    /// hosts (benchmarks, standalone) set a bound so memory stays flat.
    /// </summary>
    public int? MaxRecords { get; set; }

    /// <summary>The clock for provider-token ages, 410 timestamps and record times. Certificates use the real clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
