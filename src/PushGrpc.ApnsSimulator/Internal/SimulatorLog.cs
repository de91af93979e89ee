using Microsoft.Extensions.Logging;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>The simulator's log messages; event ids are stable.</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 1, EventName = "SimulatorStarted", Level = LogLevel.Information,
        Message = "APNs simulator listening on {BaseAddress} ({Environment}, {MaxConcurrentStreams} streams per connection)")]
    public static partial void Started(ILogger logger, Uri baseAddress, ApnsEnvironment environment, int maxConcurrentStreams);

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
}
