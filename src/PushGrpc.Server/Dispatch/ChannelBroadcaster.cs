using PushGrpc.Apns;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// Sends an admitted broadcast to its channel. APNs requires apns-expiration on every broadcast and refuses a non-zero
/// one on a channel that stores no message, so the channel's storage policy is learned first (cached; one read per
/// channel) and the expiration checked or filled in before anything is sent.
/// </summary>
internal sealed class ChannelBroadcaster(ChannelPolicies policies, TimeProvider timeProvider)
{
    // The longest APNs keeps a most-recent-message channel's broadcast (apns-reference §7.1).
    private static readonly TimeSpan LongestStorage = TimeSpan.FromHours(8);

    public async Task<DeliveryResult> SendAsync(Admission admission, CancellationToken cancellationToken)
    {
        var notification = admission.Notification;
        var app = admission.App!;
        var apns = admission.Apns!;
        var bundleId = apns.Topic;
        var channelId = notification.ChannelId;

        if (!policies.TryGet(app.Environment, bundleId, channelId, out var policy))
        {
            var read = await app.Channels.GetChannelAsync(bundleId, channelId, cancellationToken).ConfigureAwait(false);
            var readPolicy = read.Outcome == ApnsOutcome.Accepted ? read.StoragePolicy : null;
            policies.Learn(app.Environment, bundleId, channelId, read.Reason, readPolicy);
            if (readPolicy is null)
            {
                // Nothing was broadcast: the channel is unknown to APNs (REJECTED, ChannelNotRegistered) or APNs could
                // not be asked (FAILED, retryable).
                return DeliveryResults.FromChannelRead(notification, read);
            }

            policy = readPolicy.Value;
        }

        long expiration;
        if (notification.HasExpiration)
        {
            if (policy == ApnsMessageStoragePolicy.NoMessageStored && notification.Expiration != 0)
            {
                return DeliveryResults.Invalid(notification, channelId,
                    $"expiration: must be 0 for channel {channelId}, which stores no message (MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED); was {notification.Expiration}");
            }

            expiration = notification.Expiration;
        }
        else
        {
            expiration = policy == ApnsMessageStoragePolicy.NoMessageStored
                ? 0
                : (timeProvider.GetUtcNow() + LongestStorage).ToUnixTimeSeconds();
        }

        var broadcast = new ApnsNotification(bundleId, apns.PushType, apns.Payload)
        {
            Priority = apns.Priority,
            Expiration = expiration,
            ApnsId = apns.ApnsId,
            AtMostOnce = apns.AtMostOnce,
        };
        var response = await app.Client.SendToChannelAsync(broadcast, channelId, cancellationToken).ConfigureAwait(false);
        policies.Learn(app.Environment, bundleId, channelId, response.Reason);

        return DeliveryResults.FromApns(notification, channelId, response);
    }
}
