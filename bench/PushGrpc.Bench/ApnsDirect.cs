using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PushGrpc.Apns;

namespace PushGrpc.Bench;

/// <summary>The PushGrpc.Apns library called directly (no gRPC): C workers share one ApnsClient.</summary>
public static class ApnsDirect
{
    public static async Task<int> RunAsync(Args args)
    {
        var n = args.Int("n", 200_000);
        var concurrency = args.Int("concurrency", 200);
        var pool = args.Int("pool", 2);
        var warmup = args.Int("warmup", Math.Clamp(n / 10, 1_000, 20_000));
        var sampler = ProcSampler.Parse(args.Get("measure"));
        var output = args.Str("out", "apns-result.json");
        var topic = args.Str("topic", "com.pushgrpc.bench");

        await using var client = new ApnsClient(new ApnsClientOptions
        {
            Credential = ApnsTokenCredential.FromP8File(args.Str("team", ""), args.Str("kid", ""), args.Str("key", "")),
            BaseAddress = new Uri(args.Str("base", "https://127.0.0.1:443")),
            TrustedCaCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(args.Str("ca", ""))),
            PoolSize = pool,
        });
        var notification = new ApnsNotification(topic, ApnsPushType.Alert, Encoding.UTF8.GetBytes(Payload.Json));

        if (warmup > 0)
        {
            var w = await PhaseAsync(client, notification, warmup, concurrency, 1);
            Console.Error.WriteLine($"warm-up: {w.Results}/{warmup}, {w.Accepted} accepted, {w.Throughput:F0}/s");
        }

        sampler.Start();
        var result = await PhaseAsync(client, notification, n, concurrency, 2);
        result.Processes = sampler.Stop();
        result.System = "pushgrpc-apns";
        result.Settings = $"ApnsClient PoolSize {pool}, {concurrency} in flight";
        await File.WriteAllTextAsync(output, System.Text.Json.JsonSerializer.Serialize(result, Json.Options));
        Console.Error.WriteLine($"pushgrpc-apns: {result.Results}/{n}, {result.Accepted} accepted, {result.Throughput:F0}/s, p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms");
        return result.Ok ? 0 : 1;
    }

    private static async Task<RunResult> PhaseAsync(ApnsClient client, ApnsNotification notification, int n, int concurrency, int seed)
    {
        var tokens = Tokens.Random(n, seed);
        var latency = new long[n];
        var outcomes = new long[8];
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var next = -1;
        long done = 0;

        // Everything this process allocates from here to the last result, per notification: the library's
        // allocation (the workers add a little), to compare changes to the send path.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < n)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var response = await client.SendAsync(notification, tokens[i]);
                    latency[i] = Stopwatch.GetTimestamp() - t0;
                    Interlocked.Increment(ref done);
                    if (response.Outcome == ApnsOutcome.Accepted)
                    {
                        Interlocked.Increment(ref outcomes[0]);
                    }
                    else
                    {
                        statuses.AddOrUpdate($"{response.Outcome} {response.HttpStatus} {response.ReasonText ?? response.Error}", 1, (_, c) => c + 1);
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.Error.WriteLine($"allocated {allocated / Math.Max(1, n)} bytes per notification ({n} notifications)");
        var result = new RunResult
        {
            N = n,
            Results = done,
            Accepted = outcomes[0],
            ElapsedSeconds = elapsed,
            Throughput = done / elapsed,
            MaxOutstanding = concurrency,
        };
        result.Statuses["Accepted"] = outcomes[0];
        foreach (var (k, v) in statuses)
        {
            result.Statuses[k] = v;
        }

        Latency.Fill(result, latency, n);
        return result;
    }
}
