using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PushGrpc.Apns;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;
using PushGrpc.Server.Security;
using PushGrpc.Server.Validation;

namespace PushGrpc.Server.Services;

/// <summary>
/// The gRPC ChannelService: an app's Live Activity broadcast channels, managed through APNs's channel-management API.
/// Like notifications, every call answers with a result (INVALID for a request refused here, else APNs's verdict)
/// instead of failing the call. What APNs says about a channel's storage policy is remembered for broadcasts.
/// </summary>
internal sealed class ChannelService(ApnsAppRegistry apps, ChannelPolicies policies) : Contracts.V1.ChannelService.ChannelServiceBase
{
    public override async Task<CreateChannelResponse> CreateChannel(CreateChannelRequest request, ServerCallContext context)
    {
        if (Admit(request.App, context, out var app) is { } refused)
        {
            return new CreateChannelResponse { Result = refused };
        }

        if (ToApns(request.MessageStoragePolicy) is not { } policy)
        {
            return new CreateChannelResponse { Result = Invalid(StoragePolicyProblem(request.MessageStoragePolicy)) };
        }

        var created = await app.Channels.CreateChannelAsync(app.Topic, policy, context.CancellationToken).ConfigureAwait(false);
        var response = new CreateChannelResponse { Result = ToResult(created) };
        if (created.Outcome == ApnsOutcome.Accepted && created.ChannelId is { Length: > 0 } channelId)
        {
            policies.Remember(app.Environment, app.Topic, channelId, policy);
            response.Channel = new BroadcastChannel { Id = channelId, MessageStoragePolicy = request.MessageStoragePolicy };
        }

        return response;
    }

    public override async Task<GetChannelResponse> GetChannel(GetChannelRequest request, ServerCallContext context)
    {
        if ((Admit(request.App, context, out var app) ?? ChannelIdProblem(request.ChannelId)) is { } refused)
        {
            return new GetChannelResponse { Result = refused };
        }

        var read = await app.Channels.GetChannelAsync(app.Topic, request.ChannelId, context.CancellationToken).ConfigureAwait(false);
        var response = new GetChannelResponse { Result = ToResult(read) };
        var readPolicy = read.Outcome == ApnsOutcome.Accepted ? read.StoragePolicy : null;
        policies.Learn(app.Environment, app.Topic, request.ChannelId, read.Reason, readPolicy);
        if (readPolicy is { } policy)
        {
            response.Channel = new BroadcastChannel { Id = request.ChannelId, MessageStoragePolicy = FromApns(policy) };
        }

        return response;
    }

    public override async Task<DeleteChannelResponse> DeleteChannel(DeleteChannelRequest request, ServerCallContext context)
    {
        if ((Admit(request.App, context, out var app) ?? ChannelIdProblem(request.ChannelId)) is { } refused)
        {
            return new DeleteChannelResponse { Result = refused };
        }

        var deleted = await app.Channels.DeleteChannelAsync(app.Topic, request.ChannelId, context.CancellationToken).ConfigureAwait(false);
        if (deleted.Outcome == ApnsOutcome.Accepted)
        {
            policies.Forget(app.Environment, app.Topic, request.ChannelId);
        }
        else
        {
            policies.Learn(app.Environment, app.Topic, request.ChannelId, deleted.Reason);
        }

        return new DeleteChannelResponse { Result = ToResult(deleted) };
    }

    public override async Task<ListChannelsResponse> ListChannels(ListChannelsRequest request, ServerCallContext context)
    {
        if (Admit(request.App, context, out var app) is { } refused)
        {
            return new ListChannelsResponse { Result = refused };
        }

        var listed = await app.Channels.ListChannelsAsync(app.Topic, context.CancellationToken).ConfigureAwait(false);
        var response = new ListChannelsResponse { Result = ToResult(listed) };
        response.ChannelIds.AddRange(listed.ChannelIds);
        return response;
    }

    /// <summary>Null when the caller may manage <paramref name="appName"/>'s channels now; else the refusal.</summary>
    private ChannelResult? Admit(string appName, ServerCallContext context, out ApnsApp app)
    {
        app = null!;
        if (appName.Length == 0)
        {
            return Invalid("app: must name a configured app");
        }

        var caller = Caller.Of(context);
        if (!caller.MayUse(appName))
        {
            // Checked before the app exists, so a caller learns nothing about apps it may not use.
            return Refused(DeliveryStatus.Invalid, $"permission denied: {caller} may not manage channels of app \"{appName}\"",
                DeliveryResults.PermissionDeniedReason);
        }

        if (apps.Find(appName) is not { } found)
        {
            return Invalid($"app: unknown app \"{appName}\"");
        }

        if (RateLimits.TryAcquire(caller.Limiter) is { } retryAfter)
        {
            var refused = Refused(DeliveryStatus.Failed,
                Admission.RateLimitedMessage($"the rate limit of {caller} is reached", retryAfter),
                DeliveryResults.RateLimitedReason);
            refused.RetryAfter = Duration.FromTimeSpan(retryAfter);
            return refused;
        }

        app = found;
        return null;
    }

    /// <summary>APNs chooses channel ids: base64 of random bytes. Anything else cannot name a channel.</summary>
    private static ChannelResult? ChannelIdProblem(string channelId) =>
        ChannelIds.Problem(channelId) is { } problem ? Invalid($"channel_id: {problem}") : null;

    private static string StoragePolicyProblem(MessageStoragePolicy policy) => policy == MessageStoragePolicy.Unspecified
        ? "message_storage_policy: required: MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED or MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED"
        : $"message_storage_policy: unknown value {(int)policy}";

    private static ApnsMessageStoragePolicy? ToApns(MessageStoragePolicy policy) => policy switch
    {
        MessageStoragePolicy.NoMessageStored => ApnsMessageStoragePolicy.NoMessageStored,
        MessageStoragePolicy.MostRecentMessageStored => ApnsMessageStoragePolicy.MostRecentMessageStored,
        _ => null,
    };

    private static MessageStoragePolicy FromApns(ApnsMessageStoragePolicy policy) => policy switch
    {
        ApnsMessageStoragePolicy.NoMessageStored => MessageStoragePolicy.NoMessageStored,
        ApnsMessageStoragePolicy.MostRecentMessageStored => MessageStoragePolicy.MostRecentMessageStored,
        _ => MessageStoragePolicy.Unspecified,
    };

    private static ChannelResult ToResult(ApnsChannelResponse answer)
    {
        var result = new ChannelResult
        {
            Status = DeliveryResults.ToStatus(answer.Outcome),
            ApnsRequestId = answer.ApnsRequestId ?? string.Empty,
            HttpStatus = answer.HttpStatus,
            Reason = answer.ReasonText ?? string.Empty,
            Message = answer.Error ?? string.Empty,
            Attempts = answer.Attempts,
        };
        if (answer.Attempts > 0)
        {
            result.ApnsDuration = Duration.FromTimeSpan(answer.Duration);
        }

        return result;
    }

    private static ChannelResult Invalid(string message) => Refused(DeliveryStatus.Invalid, message, reason: null);

    private static ChannelResult Refused(DeliveryStatus status, string message, string? reason) => new()
    {
        Status = status,
        Message = message,
        Reason = reason ?? string.Empty,
    };
}
