using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;

namespace PushGrpc.Bench;

/// <summary>
/// A bare .NET HttpClient posting the same APNs requests (one HTTP/2 connection, a JWT signed once, no retries,
/// no validation): the issue's own baseline, so that the figures of this machine can be set against the ones the
/// targets were written for, and the floor of any client built on SocketsHttpHandler is in the same table.
/// </summary>
public static class HttpClientDirect
{
    public static async Task<int> RunAsync(Args args)
    {
        var target = DirectTarget.From(args);
        var authorization = new AuthenticationHeaderValue("bearer", target.Jwt);
        using var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = target.TrustPolicy() },
        };
        using var http = new HttpClient(handler);

        return await DirectPhase.MeasureAsync(args, "httpclient", defaultConcurrency: 100,
            concurrency => $"one SocketsHttpHandler (1 HTTP/2 connection), {concurrency} in flight, JWT signed once, default runtime settings",
            async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.BaseAddress, "/3/device/" + token))
                {
                    Version = HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Content = new ByteArrayContent(target.Payload),
                };
                request.Headers.Authorization = authorization;
                request.Headers.TryAddWithoutValidation("apns-topic", target.Topic);
                request.Headers.TryAddWithoutValidation("apns-push-type", "alert");
                using var response = await http.SendAsync(request);
                return response.StatusCode == HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            });
    }
}
