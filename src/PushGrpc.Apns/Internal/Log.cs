using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// Source-generated logs with stable event ids and names. Never pass a JWT, key material or a full device token:
/// tokens go through <see cref="ShortDeviceToken"/>.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "ApnsConnectionOpened", Level = LogLevel.Information,
        Message = "APNs connection {Index} opened to {Host}:{Port} ({Protocol}, ALPN {Alpn})")]
    public static partial void ConnectionOpened(
        ILogger logger, int index, string host, int port, SslProtocols protocol, SslApplicationProtocol alpn);

    [LoggerMessage(EventId = 2, EventName = "ApnsConnectionFailed", Level = LogLevel.Warning,
        Message = "APNs connection {Index} to {Host}:{Port} failed: {Error}")]
    public static partial void ConnectionFailed(ILogger logger, int index, string host, int port, string error);

    [LoggerMessage(EventId = 3, EventName = "ApnsRequestFailed", Level = LogLevel.Debug,
        Message = "APNs request on connection {Index} for token {Token} got no answer: {Error}")]
    public static partial void RequestFailed(ILogger logger, int index, ShortDeviceToken token, string error);

    [LoggerMessage(EventId = 4, EventName = "ApnsGoAwayReceived", Level = LogLevel.Warning,
        Message = "APNs connection {Index} received GOAWAY (error {ErrorCode}, last stream {LastStreamId}): {DebugData}")]
    public static partial void GoAwayReceived(ILogger logger, int index, uint errorCode, int lastStreamId, string debugData);

    [LoggerMessage(EventId = 5, EventName = "ApnsProviderTokenMinted", Level = LogLevel.Information,
        Message = "Signed a new APNs provider token for team {TeamId}, key {KeyId}")]
    public static partial void ProviderTokenMinted(ILogger logger, string teamId, string keyId);

    [LoggerMessage(EventId = 6, EventName = "ApnsRetrying", Level = LogLevel.Debug,
        Message = "APNs request {ApnsId} for token {Token}, attempt {Attempt}: {What}; resending in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string apnsId, ShortDeviceToken token, int attempt, string what, long delayMs);

    [LoggerMessage(EventId = 7, EventName = "ApnsCredentialRejected", Level = LogLevel.Error,
        Message = "APNs rejected the credential ({Reason}, HTTP {Status}): sends fail without a request for {CooldownSeconds} s, then one probes")]
    public static partial void CredentialRejected(ILogger logger, string reason, int status, long cooldownSeconds);

    [LoggerMessage(EventId = 8, EventName = "ApnsCredentialRecovered", Level = LogLevel.Information,
        Message = "APNs accepts the credential again")]
    public static partial void CredentialRecovered(ILogger logger);

    [LoggerMessage(EventId = 9, EventName = "ApnsConnectionRecycled", Level = LogLevel.Information,
        Message = "APNs connection {Index} replaced: {Why}")]
    public static partial void ConnectionRecycled(ILogger logger, int index, string why);

    [LoggerMessage(EventId = 10, EventName = "ApnsReconnectBackoff", Level = LogLevel.Warning,
        Message = "APNs connection {Index}: {Failures} consecutive failures, next connect in {DelayMs} ms: {Error}")]
    public static partial void ReconnectBackoff(ILogger logger, int index, int failures, long delayMs, string error);

    // Channel management (broadcast): ids from 20 on, so device-push events can grow without colliding.
    [LoggerMessage(EventId = 20, EventName = "ApnsChannelRequestFailed", Level = LogLevel.Debug,
        Message = "APNs channel {Operation} for {BundleId} (request {RequestId}) got no answer: {Error}")]
    public static partial void ChannelRequestFailed(ILogger logger, string operation, string bundleId, string requestId, string error);

    [LoggerMessage(EventId = 21, EventName = "ApnsChannelRetrying", Level = LogLevel.Debug,
        Message = "APNs channel {Operation} for {BundleId} (request {RequestId}), attempt {Attempt}: {What}; resending in {DelayMs} ms")]
    public static partial void ChannelRetrying(ILogger logger, string operation, string bundleId, string requestId, int attempt, string what, long delayMs);

    [LoggerMessage(EventId = 22, EventName = "ApnsChannelCreateNotResent", Level = LogLevel.Warning,
        Message = "APNs channel create for {BundleId} (request {RequestId}) may have reached APNs and got no answer ({Error}); not resent, as a resend could create a second channel")]
    public static partial void ChannelCreateNotResent(ILogger logger, string bundleId, string requestId, string error);
}
