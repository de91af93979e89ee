using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// Validates and evaluates broadcasts (<c>POST /4/broadcasts/apps/&lt;bundleId&gt;</c>) and channel-management
/// operations (apns-reference §7), in the README's order: request line, request id, credentials, the app in the path,
/// headers, channel, body. Create and delete only decide; their change is <see cref="RequestFacts.Commit"/>.
/// </summary>
internal sealed class BroadcastValidation(ProviderAuthentication authentication, ChannelStore channels, bool recordPayloads)
{
    private static readonly string[] SingleValueHeaders =
        ["authorization", "apns-request-id", "apns-channel-id", "apns-push-type", "apns-priority", "apns-expiration", "apns-topic"];

    private readonly BodyRules bodyRules = new(ChannelRules.MaxBodyBytes, nameof(ApnsReason.BadRequestPayload), recordPayloads);

    public async ValueTask<Verdict> EvaluateAsync(HttpContext context, ConnectionState connection, RequestFacts facts)
    {
        var route = facts.Route;
        if (route.Rejection is { } rejection)
        {
            return rejection;
        }

        var bundleId = route.BundleId!;
        var headers = context.Request.Headers;
        var verdict = RequestHeaders.CheckRepeatsAndId(headers, SingleValueHeaders, route.IdHeader);
        if (verdict.IsAccepted)
        {
            verdict = authentication.Check(context, connection, facts);
        }

        if (verdict.IsAccepted)
        {
            verdict = ProviderAuthentication.CheckBundleId(facts, bundleId);
        }

        if (!verdict.IsAccepted)
        {
            return verdict;
        }

        verdict = route.Kind switch
        {
            SimulatorRequestKind.Broadcast => await CheckBroadcastAsync(context.Request, facts, bundleId),
            SimulatorRequestKind.CreateChannel => await CreateAsync(context.Request, facts, bundleId),
            SimulatorRequestKind.ReadChannel => Read(headers, facts, bundleId),
            SimulatorRequestKind.DeleteChannel => Delete(headers, facts, bundleId),
            _ => List(bundleId),
        };
        facts.Validated = verdict.IsAccepted;
        return verdict;
    }

    private async ValueTask<Verdict> CheckBroadcastAsync(HttpRequest request, RequestFacts facts, string bundleId)
    {
        var headers = request.Headers;
        facts.PushTypeHeader = RequestHeaders.NullIfEmpty(headers["apns-push-type"]);
        if (facts.PushTypeHeader is null)
        {
            return Verdict.Reject(400, nameof(ApnsReason.MissingPushType));
        }

        if (!ChannelRules.IsLiveActivity(facts.PushTypeHeader))
        {
            return Verdict.Reject(400, nameof(ApnsReason.InvalidPushType));
        }

        if (CheckChannelId(headers, facts) is { } badChannel)
        {
            return badChannel;
        }

        // Both are required on a broadcast; absent is answered like invalid (APNs has no Missing* reason for them).
        facts.Priority = WireFormats.ParsePriority(RequestHeaders.NullIfEmpty(headers["apns-priority"]));
        if (facts.Priority is null)
        {
            return Verdict.Reject(400, nameof(ApnsReason.BadPriority));
        }

        facts.Expiration = WireFormats.ParseExpiration(RequestHeaders.NullIfEmpty(headers["apns-expiration"]));
        if (facts.Expiration is not { } expiration)
        {
            return Verdict.Reject(400, nameof(ApnsReason.BadExpirationDate));
        }

        // No topic is needed; one that is sent must be the bare bundle id, without a push-type suffix (§7.2).
        facts.Topic = RequestHeaders.NullIfEmpty(headers["apns-topic"]);
        if (facts.Topic is not null && !string.Equals(facts.Topic, bundleId, StringComparison.Ordinal))
        {
            return Verdict.Reject(400, nameof(ApnsReason.TopicDisallowed));
        }

        if (channels.Find(bundleId, facts.ChannelId!) is not { } policy)
        {
            return Verdict.Reject(400, nameof(ApnsReason.ChannelNotRegistered));
        }

        if (policy == ApnsMessageStoragePolicy.NoMessageStored && expiration != 0)
        {
            return Verdict.Reject(400, nameof(ApnsReason.BadExpirationDate));
        }

        return await ReadBodyAsync(request, facts, ChannelRules.CheckBroadcastPayload);
    }

    private async ValueTask<Verdict> CreateAsync(HttpRequest request, RequestFacts facts, string bundleId)
    {
        var policy = default(ApnsMessageStoragePolicy);
        var verdict = await ReadBodyAsync(request, facts, body => ChannelRules.ReadCreateBody(body, out policy));
        if (!verdict.IsAccepted)
        {
            return verdict;
        }

        var full = Verdict.Reject(400, nameof(ApnsReason.CannotCreateChannelConfig));
        if (channels.IsFull(bundleId))
        {
            return full;
        }

        // The limit is checked again, atomically with the insert: concurrent creates race for the last places. The new
        // id goes out as apns-channel-id and into the record.
        facts.Commit = () =>
        {
            facts.ChannelId = channels.TryCreate(bundleId, policy);
            return facts.ChannelId is null ? full : Verdict.Created;
        };
        return Verdict.Created;
    }

    private Verdict Read(IHeaderDictionary headers, RequestFacts facts, string bundleId)
    {
        if (FindChannel(headers, facts, bundleId, out var policy) is { } problem)
        {
            return problem;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["message-storage-policy"] = (int)policy,
            ["push-type"] = "LiveActivity",
        });
        return Verdict.Success(body);
    }

    private Verdict Delete(IHeaderDictionary headers, RequestFacts facts, string bundleId)
    {
        if (FindChannel(headers, facts, bundleId, out _) is { } problem)
        {
            return problem;
        }

        var channelId = facts.ChannelId!;
        facts.Commit = () => channels.Delete(bundleId, channelId)
            ? Verdict.NoContent
            : Verdict.Reject(400, nameof(ApnsReason.ChannelNotRegistered));
        return Verdict.NoContent;
    }

    private Verdict List(string bundleId) =>
        Verdict.Success(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["channels"] = channels.List(bundleId),
        }));

    private Verdict? FindChannel(IHeaderDictionary headers, RequestFacts facts, string bundleId, out ApnsMessageStoragePolicy policy)
    {
        policy = default;
        if (CheckChannelId(headers, facts) is { } badChannel)
        {
            return badChannel;
        }

        if (channels.Find(bundleId, facts.ChannelId!) is not { } found)
        {
            return Verdict.Reject(400, nameof(ApnsReason.ChannelNotRegistered));
        }

        policy = found;
        return null;
    }

    private static Verdict? CheckChannelId(IHeaderDictionary headers, RequestFacts facts)
    {
        facts.ChannelId = RequestHeaders.NullIfEmpty(headers["apns-channel-id"]);
        return ChannelRules.CheckChannelId(facts.ChannelId) is { } reason ? Verdict.Reject(400, reason) : null;
    }

    /// <summary>Reads the body (at most the broadcast limit) and judges it with <paramref name="check"/> (null = fine).</summary>
    private ValueTask<Verdict> ReadBodyAsync(HttpRequest request, RequestFacts facts, Func<ReadOnlySequence<byte>, string?> check) =>
        RequestBody.ReadCheckedAsync(request, facts, bodyRules, check, static (body, judge) => judge(body));
}
