using Microsoft.AspNetCore.Http;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// The fault step of the request pipeline: consulted only while <see cref="SimulatorFaults"/> is engaged, once when a
/// request arrives (<see cref="Admit"/>) and once after validation (<see cref="Decide"/>), then around the answer.
/// </summary>
internal sealed class FaultInjector(SimulatorFaults faults, int maxConcurrentStreams, CancellationToken stopping)
{
    // Apple: refresh a provider token no more than once every 20 minutes (apns-reference §4.3).
    private static readonly TimeSpan TokenUpdateInterval = TimeSpan.FromMinutes(20);

    private static readonly uint RequestKinds = SimulatorFaults.Mask(
        FaultKind.GoAway, FaultKind.ConnectionReset, FaultKind.RefusedStream, FaultKind.TooManyRequests,
        FaultKind.InternalServerError, FaultKind.ServiceUnavailable, FaultKind.SlowAnswer, FaultKind.NoAnswer,
        FaultKind.ExpiredProviderToken, FaultKind.InvalidProviderToken, FaultKind.BadCertificate);

    private static readonly uint CertificateRequestKinds = RequestKinds & ~SimulatorFaults.Mask(FaultKind.ExpiredProviderToken);

    private readonly TimeProvider time = faults.Time;

    /// <summary>
    /// Before validation: a connection going away answers nothing more; a lowered stream limit or a token connection's
    /// one-stream start refuses the excess.
    /// </summary>
    public static FaultDecision? Admit(FaultConnection? connection, ConnectionState streams)
    {
        if (connection is null)
        {
            return null;
        }

        if (connection.KilledBy is { } kind)
        {
            return FaultDecision.Unanswered(kind);
        }

        if (streams.Active <= 1)
        {
            return null;
        }

        return connection.LimitDropped ? FaultDecision.Refuse(FaultKind.StreamLimitDropAfterRejection)
            : connection.AwaitingFirstAcceptedPush ? FaultDecision.Refuse(FaultKind.OneStreamUntilFirstAcceptedPush)
            : null;
    }

    /// <summary>After validation: the first rule that fires replaces the answer. Invalid requests keep their error.</summary>
    public FaultDecision Decide(HttpContext context, FaultConnection? connection, RequestFacts facts, Verdict verdict)
    {
        if (!facts.Validated)
        {
            return FaultDecision.Answer(verdict);
        }

        var token = facts.DeviceToken;
        var authorization = facts.AuthMode == "token" ? context.Request.Headers.Authorization.ToString() : null;
        if (connection is not null && authorization is not null)
        {
            if (connection.ExpiredAuthorization is { } expired)
            {
                if (string.Equals(expired, authorization, StringComparison.Ordinal))
                {
                    return FaultDecision.Answer(Verdict.Reject(403, nameof(ApnsReason.ExpiredProviderToken)), FaultKind.ExpiredProviderToken);
                }

                connection.ClearExpired();
            }

            if (faults.Has(FaultKind.TooManyProviderTokenUpdates))
            {
                var now = time.GetUtcNow();
                if (connection.ChangesTokenTooSoon(authorization, now, TokenUpdateInterval) &&
                    faults.Fire(FaultKind.TooManyProviderTokenUpdates, token) is not null)
                {
                    return FaultDecision.Answer(Verdict.Reject(429, nameof(ApnsReason.TooManyProviderTokenUpdates)), FaultKind.TooManyProviderTokenUpdates);
                }

                connection.AdoptToken(authorization, now);
            }
        }

        if (faults.Fire(authorization is null ? CertificateRequestKinds : RequestKinds, token) is not { } rule)
        {
            return FaultDecision.Answer(verdict);
        }

        var kind = rule.Rule.Kind;
        switch (kind)
        {
            case FaultKind.GoAway or FaultKind.ConnectionReset:
                connection?.Kill(kind, rule.Rule.Reason);
                return FaultDecision.Unanswered(connection?.KilledBy ?? kind);
            case FaultKind.RefusedStream:
                return FaultDecision.Refuse(kind);
            case FaultKind.NoAnswer:
                return FaultDecision.Unanswered(kind);
            case FaultKind.SlowAnswer:
                return new FaultDecision(FaultAction.Answer, verdict, kind, rule.Rule.Delay ?? TimeSpan.Zero);
            case FaultKind.TooManyRequests:
                return FaultDecision.Answer(Status(429, rule, nameof(ApnsReason.TooManyRequests)), kind);
            case FaultKind.InternalServerError:
                return FaultDecision.Answer(Status(500, rule, nameof(ApnsReason.InternalServerError)), kind);
            case FaultKind.ServiceUnavailable:
                return FaultDecision.Answer(Status(503, rule, nameof(ApnsReason.ServiceUnavailable)), kind);
            case FaultKind.ExpiredProviderToken:
                connection?.Expire(authorization!);
                return FaultDecision.Answer(Verdict.Reject(403, nameof(ApnsReason.ExpiredProviderToken)), kind);
            case FaultKind.InvalidProviderToken:
                return FaultDecision.Answer(Verdict.Reject(403, nameof(ApnsReason.InvalidProviderToken)), kind);
            case FaultKind.BadCertificate:
                return FaultDecision.Answer(Verdict.Reject(403, nameof(ApnsReason.BadCertificate)), kind);
            default:
                throw new InvalidOperationException($"Fault {kind} is not a request fault.");
        }
    }

    /// <summary>Waits out a slow answer; false when the client gave up or the connection is going away meanwhile.</summary>
    public async Task<bool> DelayAsync(TimeSpan delay, FaultConnection? connection, CancellationToken requestAborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping, connection?.Killed ?? CancellationToken.None);
        try
        {
            await Task.Delay(delay, time, linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// The answer is decided: a rejection (4xx) may lower the connection's stream limit, a success restores it (and
    /// ends a token connection's one-stream start).
    /// The SETTINGS frame goes out before the answer.
    /// </summary>
    public Task BeforeAnswerAsync(FaultConnection? connection, RequestFacts facts, Verdict verdict)
    {
        if (connection is null)
        {
            return Task.CompletedTask;
        }

        if (verdict.Status is >= 400 and < 500)
        {
            return !connection.LimitDropped && faults.Fire(FaultKind.StreamLimitDropAfterRejection, facts.DeviceToken) is not null
                ? connection.DropStreamLimitAsync()
                : Task.CompletedTask;
        }

        return verdict.IsAccepted && (connection.LimitDropped || connection.AwaitingFirstAcceptedPush)
            ? connection.RestoreStreamLimitAsync(maxConcurrentStreams)
            : Task.CompletedTask;
    }

    /// <summary>Never answers: returns once the client reset the stream or the connection closed; resets the stream if the simulator stops first.</summary>
    public async Task HangAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        await Task.Delay(Timeout.InfiniteTimeSpan, linked.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!context.RequestAborted.IsCancellationRequested)
        {
            context.Abort();
        }
    }

    private static Verdict Status(int status, FaultHandle rule, string defaultReason) =>
        new(status, rule.ReasonOr(defaultReason), RetryAfter: rule.Rule.RetryAfter);
}
