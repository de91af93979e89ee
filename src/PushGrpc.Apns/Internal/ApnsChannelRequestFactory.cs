using System.Net.Http;
using PushGrpc.Apns.Auth;

namespace PushGrpc.Apns.Internal;

/// <summary>Builds the channel-management requests of apns-reference §7.1 for one management host.</summary>
internal sealed class ApnsChannelRequestFactory
{
    private static readonly byte[] NoMessageStoredBody = """{"message-storage-policy":0,"push-type":"LiveActivity"}"""u8.ToArray();
    private static readonly byte[] MostRecentMessageStoredBody = """{"message-storage-policy":1,"push-type":"LiveActivity"}"""u8.ToArray();

    private readonly string _appsPrefix;
    private readonly ApnsJwtProvider? _jwt;

    public ApnsChannelRequestFactory(Uri baseAddress, ApnsJwtProvider? jwt)
    {
        _appsPrefix = $"{baseAddress.Scheme}://{baseAddress.Authority}/1/apps/";
        _jwt = jwt;
    }

    /// <param name="channelId">The channel for Get and Delete; ignored otherwise.</param>
    /// <param name="storagePolicy">The policy for Create; ignored otherwise.</param>
    public HttpRequestMessage Create(
        ChannelOperation operation, string bundleId, string? channelId, ApnsMessageStoragePolicy storagePolicy, string requestId)
    {
        var (method, path) = operation switch
        {
            ChannelOperation.Create => (HttpMethod.Post, "/channels"),
            ChannelOperation.Get => (HttpMethod.Get, "/channels"),
            ChannelOperation.Delete => (HttpMethod.Delete, "/channels"),
            _ => (HttpMethod.Get, "/all-channels"),
        };

        // The bundle id was checked to hold only [A-Za-z0-9._-], so it goes into the path as it is.
        var request = ApnsHttpRequest.Create(method, _appsPrefix + bundleId + path, _jwt);

        if (operation == ChannelOperation.Create)
        {
            // ApnsPayloadContent counts body writes, which tells a create that never left from one that may have.
            request.Content = new ApnsPayloadContent(
                storagePolicy == ApnsMessageStoragePolicy.NoMessageStored ? NoMessageStoredBody : MostRecentMessageStoredBody);
        }

        var headers = request.Headers;
        headers.TryAddWithoutValidation("apns-request-id", requestId);
        if (operation is ChannelOperation.Get or ChannelOperation.Delete)
        {
            headers.TryAddWithoutValidation("apns-channel-id", channelId);
        }

        return request;
    }
}
