using PushGrpc.Apns.Auth;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// One attempt's result (<see cref="AttemptSender"/>). <see cref="Fate"/> and <see cref="TimedOut"/> only mean
/// something when <see cref="Answered"/> is false, <see cref="Connection"/> and <see cref="Generation"/> only when
/// it is true.
/// </summary>
/// <param name="Sent">Requests that went (or may have gone) out, the handler's own resends included.</param>
/// <param name="ConnectionIndex">The pool slot, for logs; -1 when the attempt got none.</param>
/// <param name="Authorization">After an ExpiredProviderToken answer, the provider token that was sent.</param>
internal readonly record struct Attempt<TResponse>(
    TResponse Response,
    bool Answered,
    AttemptFate Fate,
    bool TimedOut,
    int Sent,
    int ConnectionIndex,
    ApnsConnection? Connection,
    ApnsHandlerGeneration? Generation,
    string? Authorization)
{
    /// <summary>The <c>cause</c> tag of a retry after this attempt.</summary>
    public string RetryCause(int httpStatus) =>
        Answered ? ApnsInstruments.AnsweredRetryCause(httpStatus)
        : TimedOut ? "timeout"
        : Fate == AttemptFate.Unknown ? "transport_unknown_fate"
        : "transport_not_sent";

    /// <summary>What happened, for logs: the answer's status and reason, or why there was none.</summary>
    public string Describe(int httpStatus, string? reasonText, string? error) =>
        Answered ? $"HTTP {httpStatus} {reasonText}" : error ?? "no answer";

    /// <summary>
    /// After an ExpiredProviderToken answer: true when a fresh provider token took the place of the one sent (minted
    /// here or by another request), so one resend can ask whether it is good. That resend needs a new connection:
    /// changing the token of a live connection within 20 minutes of its last change earns 429
    /// TooManyProviderTokenUpdates, so this attempt's connection is recycled.
    /// </summary>
    public bool TryReplaceExpiredToken(ApnsJwtProvider? jwt)
    {
        if (jwt is null || Authorization is not { } rejected || !jwt.TryReplaceExpired(rejected))
        {
            return false;
        }

        Connection?.Recycle(Generation!, "ExpiredProviderToken: new provider token, new connection");
        return true;
    }
}
