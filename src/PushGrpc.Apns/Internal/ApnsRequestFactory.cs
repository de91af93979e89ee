using System.Buffers;
using System.Globalization;
using System.Net.Http;
using PushGrpc.Apns.Auth;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// Builds <c>POST /3/device/{token}</c> requests (apns-reference §1.2–1.3). Hot path: header values are constants or
/// cached strings where possible, headers skip validation, the payload is sent from the caller's memory.
/// </summary>
internal sealed class ApnsRequestFactory
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private readonly string _devicePathPrefix;
    private readonly string _broadcastPathPrefix;
    private readonly ApnsJwtProvider? _jwt;

    public ApnsRequestFactory(Uri baseAddress, ApnsJwtProvider? jwt)
    {
        _devicePathPrefix = $"{baseAddress.Scheme}://{baseAddress.Authority}/3/device/";
        _broadcastPathPrefix = $"{baseAddress.Scheme}://{baseAddress.Authority}/4/broadcasts/apps/";
        _jwt = jwt;
    }

    /// <summary>True for a non-empty hexadecimal token: anything else must not be put into the request path.</summary>
    public static bool IsValidDeviceToken(string deviceToken) =>
        deviceToken.Length > 0 && !deviceToken.AsSpan().ContainsAnyExcept(HexDigits);

    /// <summary>The apns-id to send: the notification's own, or a fresh one so every result can name its request.</summary>
    public static string ApnsIdFor(ApnsNotification notification) =>
        (notification.ApnsId ?? RandomUuid.Next()).ToString("D");

    public HttpRequestMessage Create(ApnsNotification notification, string deviceToken, string apnsId)
    {
        // The token was checked to be hex (IsValidDeviceToken), so it goes into the path as it is.
        var request = ApnsHttpRequest.Create(HttpMethod.Post, _devicePathPrefix + deviceToken, _jwt);
        request.Content = new ApnsPayloadContent(notification.Payload);

        var headers = request.Headers;
        headers.TryAddWithoutValidation("apns-push-type", notification.PushType.ToHeaderValue());
        headers.TryAddWithoutValidation("apns-topic", notification.Topic);
        headers.TryAddWithoutValidation("apns-id", apnsId);
        if (notification.Priority is { } priority)
        {
            headers.TryAddWithoutValidation("apns-priority", PriorityValue(priority));
        }

        if (notification.Expiration is { } expiration)
        {
            headers.TryAddWithoutValidation("apns-expiration", expiration.ToString(CultureInfo.InvariantCulture));
        }

        if (notification.CollapseId is { } collapseId)
        {
            headers.TryAddWithoutValidation("apns-collapse-id", collapseId);
        }

        return request;
    }

    /// <summary>
    /// Builds <c>POST /4/broadcasts/apps/{bundleId}</c> (apns-reference §7.2): no apns-topic (the path names the app),
    /// apns-request-id instead of apns-id. The caller has checked the notification with <see cref="BroadcastRules"/>.
    /// </summary>
    public HttpRequestMessage CreateBroadcast(ApnsNotification notification, string channelId, string requestId)
    {
        var request = ApnsHttpRequest.Create(HttpMethod.Post, _broadcastPathPrefix + notification.Topic, _jwt);
        request.Content = new ApnsPayloadContent(notification.Payload);

        var headers = request.Headers;
        headers.TryAddWithoutValidation("apns-push-type", notification.PushType.ToHeaderValue());
        headers.TryAddWithoutValidation("apns-channel-id", channelId);
        headers.TryAddWithoutValidation("apns-request-id", requestId);
        headers.TryAddWithoutValidation("apns-expiration", notification.Expiration!.Value.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("apns-priority", PriorityValue(notification.Priority!.Value));
        return request;
    }

    private static string PriorityValue(ApnsPriority priority) => priority switch
    {
        ApnsPriority.Minimal => "1",
        ApnsPriority.ConservePower => "5",
        ApnsPriority.Immediate => "10",
        _ => ((int)priority).ToString(CultureInfo.InvariantCulture),
    };
}
