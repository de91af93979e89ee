namespace PushGrpc.Apns;

/// <summary>A snapshot of one pooled HTTP/2 connection.</summary>
/// <param name="Index">Position in the pool, 0-based.</param>
/// <param name="InFlight">Requests currently admitted to this connection (including any queued inside the HTTP/2 stack).</param>
/// <param name="MaxInFlightSeen">Highest <paramref name="InFlight"/> ever observed.</param>
/// <param name="ServerMaxConcurrentStreams">
/// The latest SETTINGS_MAX_CONCURRENT_STREAMS the server sent on this connection; null before the first SETTINGS.
/// </param>
/// <param name="ConnectionsOpened">TLS connections established for this slot so far (more than 1 means reconnects).</param>
/// <param name="GoAwaysReceived">GOAWAY frames received on this slot so far.</param>
/// <param name="ConsecutiveConnectFailures">
/// Connects that failed (or connections that closed before any answer) since the last answer; non-zero means the slot
/// is backing off.
/// </param>
/// <param name="NextConnectAttemptAt">While backing off: when the slot may connect again.</param>
/// <param name="Recycles">Times this slot's connection was replaced on purpose (after ExpiredProviderToken).</param>
public sealed record ApnsConnectionInfo(
    int Index,
    int InFlight,
    int MaxInFlightSeen,
    int? ServerMaxConcurrentStreams,
    int ConnectionsOpened,
    int GoAwaysReceived,
    int ConsecutiveConnectFailures = 0,
    DateTimeOffset? NextConnectAttemptAt = null,
    int Recycles = 0);
