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
}
