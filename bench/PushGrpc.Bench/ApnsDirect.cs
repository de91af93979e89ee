using System.Security.Cryptography.X509Certificates;
using System.Text;
using PushGrpc.Apns;

namespace PushGrpc.Bench;

/// <summary>The PushGrpc.Apns library called directly (no gRPC): C workers share one ApnsClient.</summary>
public static class ApnsDirect
{
    public static async Task<int> RunAsync(Args args)
    {
        var pool = args.Int("pool", 2);
        await using var client = new ApnsClient(new ApnsClientOptions
        {
            Credential = ApnsTokenCredential.FromP8File(args.Str("team", ""), args.Str("kid", ""), args.Str("key", "")),
            BaseAddress = new Uri(args.Str("base", "https://127.0.0.1:443")),
            TrustedCaCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(args.Str("ca", ""))),
            PoolSize = pool,
        });
        var notification = new ApnsNotification(args.Str("topic", "com.pushgrpc.bench"), ApnsPushType.Alert, Encoding.UTF8.GetBytes(Payload.Json));

        return await DirectPhase.MeasureAsync(args, "pushgrpc-apns", defaultConcurrency: 200,
            concurrency => $"ApnsClient PoolSize {pool}, {concurrency} in flight, the gateway's runtime settings",
            async token =>
            {
                var response = await client.SendAsync(notification, token);
                return response.Outcome == ApnsOutcome.Accepted ? null : $"{response.Outcome} {response.HttpStatus} {response.ReasonText ?? response.Error}";
            });
    }
}
