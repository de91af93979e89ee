using Microsoft.Extensions.Logging;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>The simulator's log messages; event ids are stable.</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 1, EventName = "SimulatorStarted", Level = LogLevel.Information,
        Message = "APNs simulator listening on {BaseAddress}, channel management on {ManagementBaseAddress} ({Environment}, {MaxConcurrentStreams} streams per connection)")]
    public static partial void Started(ILogger logger, Uri baseAddress, Uri managementBaseAddress, ApnsEnvironment environment, int maxConcurrentStreams);

    [LoggerMessage(EventId = 2, EventName = "SimulatorStopping", Level = LogLevel.Information,
        Message = "APNs simulator on {BaseAddress} stopping")]
    public static partial void Stopping(ILogger logger, Uri baseAddress);

    [LoggerMessage(EventId = 3, EventName = "RequestAnswered", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId}: {Method} {Path} answered {Status} {Reason}")]
    public static partial void Answered(ILogger logger, string connectionId, string method, string path, int status, string? reason);

    [LoggerMessage(EventId = 4, EventName = "RequestAborted", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId}: {Path} aborted by the client before it was answered")]
    public static partial void Aborted(ILogger logger, string connectionId, string path);

    [LoggerMessage(EventId = 5, EventName = "ClientCertificateRejected", Level = LogLevel.Warning,
        Message = "Refused a TLS client certificate not issued by the simulator: {Subject}")]
    public static partial void ClientCertificateRejected(ILogger logger, string subject);

    [LoggerMessage(EventId = 6, EventName = "SigningKeyAdded", Level = LogLevel.Information,
        Message = "Signing key {KeyId} of team {TeamId} added for {BundleIds}")]
    public static partial void SigningKeyAdded(ILogger logger, string keyId, string teamId, string bundleIds);

    [LoggerMessage(EventId = 7, EventName = "CaCertificateWritten", Level = LogLevel.Information,
        Message = "Server CA certificate written to {Path}; clients must trust it")]
    public static partial void CaCertificateWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 8, EventName = "FaultRuleAdded", Level = LogLevel.Information,
        Message = "Fault rule added: {Kind}, fraction {Fraction}, count {Count}, device token prefix {DeviceTokenPrefix}")]
    public static partial void FaultRuleAdded(ILogger logger, FaultKind kind, double fraction, int? count, string? deviceTokenPrefix);

    [LoggerMessage(EventId = 9, EventName = "FaultInjected", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId}: {Path} hit by fault {Fault}")]
    public static partial void FaultInjected(ILogger logger, string connectionId, string path, FaultKind fault);

    [LoggerMessage(EventId = 10, EventName = "GoAwaySent", Level = LogLevel.Information,
        Message = "Connection {ConnectionId}: GOAWAY sent, last stream {LastStreamId}, reason {Reason}; closing")]
    public static partial void GoAwaySent(ILogger logger, string connectionId, int lastStreamId, string reason);

    [LoggerMessage(EventId = 11, EventName = "ConnectionReset", Level = LogLevel.Information,
        Message = "Connection {ConnectionId}: closed by fault injection with streams in flight")]
    public static partial void ConnectionReset(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 12, EventName = "StreamLimitChanged", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId}: SETTINGS_MAX_CONCURRENT_STREAMS={MaxConcurrentStreams} sent")]
    public static partial void StreamLimitChanged(ILogger logger, string connectionId, int maxConcurrentStreams);

    [LoggerMessage(EventId = 13, EventName = "ConnectionRefused", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} from {RemoteEndPoint} refused by fault injection")]
    public static partial void ConnectionRefused(ILogger logger, string connectionId, System.Net.EndPoint? remoteEndPoint);
}
