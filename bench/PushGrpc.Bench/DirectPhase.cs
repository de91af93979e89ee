using System.Collections.Concurrent;
using System.Diagnostics;

namespace PushGrpc.Bench;

/// <summary>
/// One measured pass of a client in this process (the PushGrpc.Apns library or a bare HttpClient): C workers send
/// N notifications to random tokens, each timing its own send.
/// </summary>
public static class DirectPhase
{
    /// <summary>
    /// The whole run of a direct client: a warm-up pass, then the measured pass with this process's and the
    /// simulator's CPU sampled; writes the result JSON (--out) and returns the exit code.
    /// </summary>
    public static async Task<int> MeasureAsync(Args args, string system, int defaultConcurrency, Func<int, string> settings, Func<string, Task<string?>> send)
    {
        var n = args.Int("n", 200_000);
        var concurrency = args.Int("concurrency", defaultConcurrency);
        var warmup = args.Int("warmup", Warmup.For(n));
        var sampler = ProcSampler.Parse(args.Get("measure"));
        if (warmup > 0)
        {
            var w = await RunAsync(warmup, concurrency, 1, send);
            Console.Error.WriteLine($"warm-up: {w.Results}/{warmup}, {w.Accepted} accepted, {w.Throughput:F0}/s");
        }

        sampler.Start();
        var result = await RunAsync(n, concurrency, 2, send);
        result.Processes = sampler.Stop();
        result.System = system;
        result.Settings = settings(concurrency);
        await File.WriteAllTextAsync(args.Str("out", system + "-result.json"), System.Text.Json.JsonSerializer.Serialize(result, Json.Options));
        Console.Error.WriteLine($"{system}: {result.Results}/{n}, {result.Accepted} accepted, {result.Throughput:F0}/s, p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms");
        return result.Ok ? 0 : 1;
    }

    /// <param name="send">Sends to one device token; returns null when APNs accepted it, else what it answered.</param>
    public static async Task<RunResult> RunAsync(int n, int concurrency, int seed, Func<string, Task<string?>> send)
    {
        var tokens = Tokens.Random(n, seed);
        var latency = new long[n];
        var statuses = new ConcurrentDictionary<string, long>();
        var next = -1;
        long done = 0;
        long accepted = 0;

        // Everything this process allocates from here to the last result, per notification: the client's
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
                    var problem = await send(tokens[i]);
                    latency[i] = Stopwatch.GetTimestamp() - t0;
                    Interlocked.Increment(ref done);
                    if (problem is null)
                    {
                        Interlocked.Increment(ref accepted);
                    }
                    else
                    {
                        statuses.AddOrUpdate(problem, 1, (_, c) => c + 1);
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
            Accepted = accepted,
            ElapsedSeconds = elapsed,
            Throughput = done / elapsed,
            MaxOutstanding = concurrency,
        };
        result.Statuses["Accepted"] = accepted;
        foreach (var (k, v) in statuses)
        {
            result.Statuses[k] = v;
        }

        Latency.Fill(result, latency, n);
        return result;
    }
}
