using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

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
        var topic = args.Str("topic", "com.pushgrpc.bench");
        var baseAddress = new Uri(args.Str("base", "https://127.0.0.1:443"));
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(args.Str("ca", "")));
        var authorization = new AuthenticationHeaderValue("bearer", Jwt.Create(args.Str("key", ""), args.Str("team", ""), args.Str("kid", "")));
        var payload = Encoding.UTF8.GetBytes(Payload.Json);

        using var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        using var http = new HttpClient(handler);

        return await DirectPhase.MeasureAsync(args, "httpclient", defaultConcurrency: 100,
            concurrency => $"one SocketsHttpHandler (1 HTTP/2 connection), {concurrency} in flight, JWT signed once, default runtime settings",
            async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "/3/device/" + token))
                {
                    Version = HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Content = new ByteArrayContent(payload),
                };
                request.Headers.Authorization = authorization;
                request.Headers.TryAddWithoutValidation("apns-topic", topic);
                request.Headers.TryAddWithoutValidation("apns-push-type", "alert");
                using var response = await http.SendAsync(request);
                return response.StatusCode == HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            });
    }
}
