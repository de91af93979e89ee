using System.Net;
using System.Net.Http;
using PushGrpc.Apns.Auth;

namespace PushGrpc.Apns.Internal;

/// <summary>What every request to APNs shares, pushes and channel management alike: HTTP/2 only, and the provider token.</summary>
internal static class ApnsHttpRequest
{
    // Callers put only checked characters into the path (hex tokens, bundle ids of [A-Za-z0-9._-]), so it needs no
    // escaping or canonicalisation work.
    private static readonly UriCreationOptions UriOptions = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>An HTTP/2 request (APNs speaks nothing else) to an absolute address whose path needs no escaping.</summary>
    public static HttpRequestMessage Create(HttpMethod method, string address, ApnsJwtProvider? jwt)
    {
        var request = new HttpRequestMessage(method, new Uri(address, in UriOptions))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        if (jwt is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", jwt.GetAuthorizationValue());
        }

        return request;
    }
}
