using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using PushGrpc.Apns;
using PushGrpc.Apns.Internal;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// The simulator's only request delegate, for both listeners: validates a push the way APNs does (apns-reference §10,
/// in that order), answers it and records it; broadcasts and channel management go to <see cref="BroadcastValidation"/>.
/// Plain RequestDelegate, no routing or MVC: this is the benchmark's hot path. While faults are engaged, requests take
/// <see cref="HandleWithFaultsAsync"/> instead: the same validation with the fault step (<see cref="FaultInjector"/>)
/// after it.
/// </summary>
internal sealed class ApnsRequestHandler(
    ApnsSimulatorOptions options,
    ProviderAuthentication authentication,
    BroadcastValidation broadcasts,
    DeviceTokenRegistry registry,
    Statistics statistics,
    RecordStore records,
    SimulatorFaults faults,
    FaultInjector injector,
    ILogger logger)
{
    private const string DevicePathPrefix = "/3/device/";

    // Headers whose repetition APNs answers with DuplicateHeaders.
    private static readonly string[] SingleValueHeaders =
        ["authorization", "apns-id", "apns-push-type", "apns-priority", "apns-expiration", "apns-topic", "apns-collapse-id"];

    // The answer for a magic 429 token and for a token over DeviceTokenRateLimit alike.
    private static readonly Verdict TooManyRequests = Verdict.Reject(429, nameof(ApnsReason.TooManyRequests));

    private readonly TimeProvider time = options.TimeProvider;
    private readonly bool sandbox = options.Environment == ApnsEnvironment.Sandbox;
    private readonly bool recordPayloads = options.RecordPayloads;
    private readonly DeviceTokenRateLimiter? rateLimiter = options.DeviceTokenRateLimit is { } limit
        ? new DeviceTokenRateLimiter(limit, options.DeviceTokenRateWindow, options.TimeProvider)
        : null;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        var connection = statistics.Enter(context);
        try
        {
            var route = connection.OnManagementListener
                ? RequestRoute.OnManagementListener(request.Method, path)
                : RequestRoute.OnPushListener(request.Method, path);
            var facts = new RequestFacts(connection.Id, request.Method, path, time.GetUtcNow(), route);
            var apnsId = AnswerApnsId(request.Headers[route.IdHeader]);
            if (faults.IsEngaged)
            {
                await HandleWithFaultsAsync(context, connection, facts, apnsId);
                return;
            }

            var verdict = await EvaluateAsync(context, connection, facts);
            if (context.Features.Get<FaultConnection>() is { } faultConnection && !TryCommit(context, faultConnection))
            {
                // A fault killed the connection while this request was read (no fault was engaged when it came in).
                // The GOAWAY's last-stream-id told the client it was not processed, so it must stay unprocessed.
                await LeaveUnansweredAsync(context, facts, apnsId, faultConnection.KilledBy ?? FaultKind.GoAway);
                return;
            }

            if (facts.Commit is { } commit)
            {
                verdict = commit();
            }

            // Recorded before answering, so a client that has its answer always finds the record.
            if (records.IsEnabled)
            {
                records.Add(facts.ToRecord(apnsId, verdict));
            }

            await AnswerAsync(context.Response, facts, apnsId, verdict);
            SimulatorLog.Answered(logger, facts.ConnectionId, facts.Method, facts.Path, verdict.Status, verdict.Reason);
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested && ex is IOException or OperationCanceledException)
        {
            // The client reset the stream or dropped the connection mid-request: nobody is left to answer.
            SimulatorLog.Aborted(logger, connection.Id, path);
        }
        finally
        {
            connection.Exit();
        }
    }

    private async Task HandleWithFaultsAsync(HttpContext context, ConnectionState connection, RequestFacts facts, string apnsId)
    {
        var faultConnection = context.Features.Get<FaultConnection>();
        var decision = FaultInjector.Admit(faultConnection, connection)
            ?? injector.Decide(context, faultConnection, facts, await EvaluateAsync(context, connection, facts));
        if (decision.Delay > TimeSpan.Zero && !await injector.DelayAsync(decision.Delay, faultConnection, context.RequestAborted))
        {
            decision = FaultDecision.Unanswered(faultConnection?.KilledBy ?? FaultKind.SlowAnswer);
        }

        if (decision.Action == FaultAction.Answer)
        {
            await injector.BeforeAnswerAsync(faultConnection, facts, decision.Verdict);
            if (faultConnection is not null && !TryCommit(context, faultConnection))
            {
                decision = FaultDecision.Unanswered(faultConnection.KilledBy ?? FaultKind.GoAway);
            }
            else if ((decision.Kind is null or FaultKind.SlowAnswer) && facts.Commit is { } commit)
            {
                // The evaluated answer goes out: only now does a channel operation change the channels.
                decision = decision with { Verdict = commit() };
            }
        }

        if (decision.Kind is { } kind)
        {
            SimulatorLog.FaultInjected(logger, facts.ConnectionId, facts.Path, kind);
        }

        if (records.IsEnabled)
        {
            records.Add(facts.ToRecord(apnsId, decision.Verdict, decision.Kind));
        }

        switch (decision.Action)
        {
            case FaultAction.Refuse:
                context.Features.GetRequiredFeature<IHttpResetFeature>().Reset((int)Http2Frames.ErrorRefusedStream);
                break;
            case FaultAction.Unanswered:
                await injector.HangAsync(context);
                break;
            default:
                await AnswerAsync(context.Response, facts, apnsId, decision.Verdict);
                SimulatorLog.Answered(logger, facts.ConnectionId, facts.Method, facts.Path, decision.Verdict.Status, decision.Verdict.Reason);
                break;
        }
    }

    /// <summary>
    /// Every answer on a connection with fault tracking is committed first, fault path or not: once a fault kills the
    /// connection, its GOAWAY names the streams that were not processed, and those must get no answer.
    /// </summary>
    private static bool TryCommit(HttpContext context, FaultConnection faultConnection) =>
        faultConnection.TryCommit(context.Features.Get<IHttp2StreamIdFeature>()?.StreamId ?? 0);

    private async Task LeaveUnansweredAsync(HttpContext context, RequestFacts facts, string apnsId, FaultKind killedBy)
    {
        if (records.IsEnabled)
        {
            records.Add(facts.ToRecord(apnsId, Verdict.Unanswered, killedBy));
        }

        await injector.HangAsync(context);
    }

    private async ValueTask<Verdict> EvaluateAsync(HttpContext context, ConnectionState connection, RequestFacts facts)
    {
        if (facts.Route.Kind != SimulatorRequestKind.DevicePush)
        {
            return await broadcasts.EvaluateAsync(context, connection, facts);
        }

        var headers = context.Request.Headers;
        var verdict = CheckRequestLine(facts);
        if (verdict.IsAccepted)
        {
            verdict = CheckHeaders(headers, facts);
        }

        if (verdict.IsAccepted)
        {
            verdict = authentication.Check(context, connection, facts);
        }

        if (verdict.IsAccepted)
        {
            verdict = CheckTopic(facts);
        }

        if (verdict.IsAccepted)
        {
            verdict = await ReadPayloadAsync(context.Request, facts);
        }

        if (!verdict.IsAccepted)
        {
            return verdict;
        }

        facts.Validated = true;
        return CheckDeviceToken(facts);
    }

    private static Verdict CheckRequestLine(RequestFacts facts)
    {
        // Method before path: APNs answers GET / with MethodNotAllowed (apns-reference §1.11).
        if (!HttpMethods.IsPost(facts.Method))
        {
            return Verdict.Reject(405, nameof(ApnsReason.MethodNotAllowed));
        }

        var path = facts.Path;
        if (!path.StartsWith(DevicePathPrefix, StringComparison.Ordinal) || path.AsSpan(DevicePathPrefix.Length).Contains('/'))
        {
            return Verdict.Reject(404, nameof(ApnsReason.BadPath));
        }

        if (path.Length == DevicePathPrefix.Length)
        {
            return Verdict.Reject(400, nameof(ApnsReason.MissingDeviceToken));
        }

        facts.DeviceToken = path[DevicePathPrefix.Length..];
        return WireFormats.IsDeviceToken(facts.DeviceToken)
            ? Verdict.Accepted
            : Verdict.Reject(400, nameof(ApnsReason.BadDeviceToken));
    }

    private static Verdict CheckHeaders(IHeaderDictionary headers, RequestFacts facts)
    {
        var verdict = RequestHeaders.CheckRepeatsAndId(headers, SingleValueHeaders, facts.Route.IdHeader);
        if (!verdict.IsAccepted)
        {
            return verdict;
        }

        var priority = headers["apns-priority"];
        if (priority.Count == 1)
        {
            facts.Priority = WireFormats.ParsePriority(priority[0]);
            if (facts.Priority is null)
            {
                return Verdict.Reject(400, nameof(ApnsReason.BadPriority));
            }
        }

        var expiration = headers["apns-expiration"];
        if (expiration.Count == 1)
        {
            facts.Expiration = WireFormats.ParseExpiration(expiration[0]);
            if (facts.Expiration is null)
            {
                return Verdict.Reject(400, nameof(ApnsReason.BadExpirationDate));
            }
        }

        facts.CollapseId = RequestHeaders.NullIfEmpty(headers["apns-collapse-id"]);
        if (facts.CollapseId is not null && Encoding.UTF8.GetByteCount(facts.CollapseId) > 64)
        {
            return Verdict.Reject(400, nameof(ApnsReason.BadCollapseId));
        }

        facts.Topic = RequestHeaders.NullIfEmpty(headers["apns-topic"]);
        var pushTypeHeader = headers["apns-push-type"];
        facts.PushTypeHeader = pushTypeHeader.Count == 1 ? pushTypeHeader[0] : null;
        if (facts.PushTypeHeader is not null)
        {
            // Absent is tolerated as alert (Apple only requires the header on watchOS); present must be known.
            if (!ApnsPushTypes.TryParse(facts.PushTypeHeader, out var pushType))
            {
                return Verdict.Reject(400, nameof(ApnsReason.InvalidPushType));
            }

            facts.PushType = pushType;
        }

        return Verdict.Accepted;
    }

    private Verdict CheckTopic(RequestFacts facts)
    {
        var certificate = facts.Certificate;
        facts.Topic ??= certificate?.DefaultTopic;
        if (facts.Topic is not { } topic)
        {
            return Verdict.Reject(400, nameof(ApnsReason.MissingTopic));
        }

        var allowed = certificate is not null
            ? certificate.Topics.Contains(topic)
            : facts.SigningKey!.AllowsBundleId(BundleIdOf(topic, facts.PushType));
        if (!allowed || !facts.PushType.TopicMatches(topic))
        {
            return Verdict.Reject(400, nameof(ApnsReason.TopicDisallowed));
        }

        // Apple documents priority 10 on a background push as an error (§2.6); an absent priority is let through.
        if (facts.PushType == ApnsPushType.Background && facts.Priority == 10)
        {
            return Verdict.Reject(400, nameof(ApnsReason.BadPriority));
        }

        facts.Registration = registry.Find(facts.DeviceToken!);
        return facts.Registration?.Topic is { } owner && !string.Equals(owner, topic, StringComparison.Ordinal)
            ? Verdict.Reject(400, nameof(ApnsReason.DeviceTokenNotForTopic))
            : Verdict.Accepted;
    }

    private ValueTask<Verdict> ReadPayloadAsync(HttpRequest request, RequestFacts facts)
    {
        // Kestrel refuses bodies that contradict their content-length: that is a malformed payload too.
        var rules = new BodyRules(facts.PushType.MaxPayloadBytes(), SimulatorReasons.MalformedPayload, recordPayloads);
        return RequestBody.ReadCheckedAsync(request, facts, rules, facts.PushType, static (payload, pushType) =>
            PayloadRules.IsWellFormed(payload, requireAps: pushType != ApnsPushType.Mdm) ? null : SimulatorReasons.MalformedPayload);
    }

    private Verdict CheckDeviceToken(RequestFacts facts)
    {
        if (facts.Registration?.InvalidSince is { } since)
        {
            var reason = facts.Registration.Expired ? nameof(ApnsReason.ExpiredToken) : nameof(ApnsReason.Unregistered);
            return Verdict.Gone(reason, since.ToUnixTimeMilliseconds());
        }

        // Scripted outcomes are consulted here, once the request passed every rule. Injected faults come after
        // (HandleWithFaultsAsync) and take precedence.
        if (MagicTokens.TryGetOutcome(facts.DeviceToken, out var outcome))
        {
            return MagicVerdict(outcome);
        }

        // Last (apns-reference §10 step 9): only pushes that would otherwise be accepted count against the token.
        return rateLimiter is null || rateLimiter.TryAcquire(facts.DeviceToken!) ? Verdict.Accepted : TooManyRequests;
    }

    private Verdict MagicVerdict(MagicOutcome outcome)
    {
        var aDayAgo = time.GetUtcNow().AddDays(-1).ToUnixTimeMilliseconds();
        return outcome switch
        {
            MagicOutcome.BadDeviceToken => Verdict.Reject(400, nameof(ApnsReason.BadDeviceToken)),
            MagicOutcome.DeviceTokenNotForTopic => Verdict.Reject(400, nameof(ApnsReason.DeviceTokenNotForTopic)),
            MagicOutcome.Unregistered => Verdict.Gone(nameof(ApnsReason.Unregistered), aDayAgo),
            MagicOutcome.ExpiredToken => Verdict.Gone(nameof(ApnsReason.ExpiredToken), aDayAgo),
            MagicOutcome.TooManyRequests => TooManyRequests,
            MagicOutcome.InternalServerError => Verdict.Reject(500, nameof(ApnsReason.InternalServerError)),
            MagicOutcome.ServiceUnavailable => Verdict.Reject(503, nameof(ApnsReason.ServiceUnavailable)),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown magic outcome."),
        };
    }

    private async ValueTask AnswerAsync(HttpResponse response, RequestFacts facts, string apnsId, Verdict verdict)
    {
        var route = facts.Route;
        response.StatusCode = verdict.Status;
        response.Headers[route.IdHeader] = apnsId;
        if (verdict.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        // A create's ChannelId is set only by its commit, when the channel was made: its 201 carries the new id.
        if (route.Kind == SimulatorRequestKind.CreateChannel && facts.ChannelId is { } channelId)
        {
            response.Headers["apns-channel-id"] = channelId;
        }

        var body = verdict.IsAccepted ? verdict.Body : verdict.ErrorBody();
        if (verdict.IsAccepted && SendsUniqueId(route.Kind))
        {
            response.Headers["apns-unique-id"] = RandomUuid.Next().ToString("D");
        }

        if (body is not null)
        {
            response.ContentType = "application/json";
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body);
        }
    }

    /// <summary>Device pushes get apns-unique-id in the sandbox only (§1.6); broadcasts always (§7.2 lists it on every 200).</summary>
    private bool SendsUniqueId(SimulatorRequestKind kind) =>
        kind == SimulatorRequestKind.Broadcast || (sandbox && kind == SimulatorRequestKind.DevicePush);

    /// <summary>The request's apns-id (apns-request-id) when it is a valid single value, else a fresh lowercase UUID.</summary>
    private static string AnswerApnsId(StringValues requested) =>
        requested.Count == 1 && WireFormats.IsCanonicalUuid(requested[0]) ? requested[0]! : RandomUuid.Next().ToString("D");

    /// <summary>The bundle id a topic belongs to: the topic without the push type's suffix.</summary>
    private static ReadOnlySpan<char> BundleIdOf(string topic, ApnsPushType pushType)
    {
        var suffix = pushType.TopicSuffix();
        return suffix.Length > 0 && topic.EndsWith(suffix, StringComparison.Ordinal)
            ? topic.AsSpan(0, topic.Length - suffix.Length)
            : topic;
    }
}
