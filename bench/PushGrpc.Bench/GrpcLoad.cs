using System.Diagnostics;
using System.Net.Http;
using Grpc.Core;
using Grpc.Net.Client;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Bench;

/// <summary>
/// The gateway's load generator: N notifications over K SendStream calls (one HTTP/2 connection each), each with at
/// most W notifications outstanding (sent, result not yet read). Every result is collected and matched by id.
/// </summary>
public static class GrpcLoad
{
    public static async Task<int> RunAsync(Args args)
    {
        var target = args.Str("target", "http://127.0.0.1:50051");
        var n = args.Int("n", 200_000);
        var streams = args.Int("streams", 4);
        var window = args.Int("window", 250);
        var app = args.Str("app", "bench");
        var warmup = args.Int("warmup", Warmup.For(n));
        var sampler = ProcSampler.Parse(args.Get("measure"));
        var output = args.Str("out", "grpc-result.json");

        var channels = new List<GrpcChannel>();
        for (var i = 0; i < streams; i++)
        {
            channels.Add(GrpcChannel.ForAddress(target, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    EnableMultipleHttp2Connections = true,
                    PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                },
                MaxReceiveMessageSize = 4 * 1024 * 1024,
            }));
        }

        var clients = channels.Select(c => new PushService.PushServiceClient(c)).ToArray();
        var aps = new Aps { Alert = new Alert { Title = Payload.Title, Body = Payload.Body } };

        if (warmup > 0)
        {
            var w = await PhaseAsync(clients, app, aps, warmup, window, seed: 1);
            Console.Error.WriteLine($"warm-up: {w.Results}/{warmup} results, {w.Accepted} accepted, {w.Throughput:F0}/s");
        }

        sampler.Start();
        var result = await PhaseAsync(clients, app, aps, n, window, seed: 2);
        result.Processes = sampler.Stop();
        result.System = "pushgrpc";
        result.Settings = $"{streams} SendStream calls x window {window}";
        await File.WriteAllTextAsync(output, System.Text.Json.JsonSerializer.Serialize(result, Json.Options));
        Console.Error.WriteLine($"pushgrpc: {result.Results}/{n} results, {result.Accepted} accepted, {result.Throughput:F0}/s, p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms");
        foreach (var c in channels)
        {
            c.Dispose();
        }

        return result.Ok ? 0 : 1;
    }

    private static async Task<RunResult> PhaseAsync(PushService.PushServiceClient[] clients, string app, Aps aps, int n, int window, int seed)
    {
        var tokens = Tokens.Random(n, seed);
        var ids = new string[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var sentAt = new long[n];
        var latency = new long[n];
        var statusCounts = new long[16];
        long received = 0;
        long sent = 0;
        long maxOutstanding = 0;
        var unknown = 0L;
        string? error = null;
        var k = clients.Length;

        var start = Stopwatch.GetTimestamp();
        var tasks = new Task[k];
        for (var s = 0; s < k; s++)
        {
            var stream = s;
            tasks[s] = Task.Run(async () =>
            {
                using var call = clients[stream].SendStream();
                using var slots = new SemaphoreSlim(window, window);
                var reader = Task.Run(async () =>
                {
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        var now = Stopwatch.GetTimestamp();
                        var r = call.ResponseStream.Current.Result;
                        if (int.TryParse(r.NotificationId, out var idx) && idx >= 0 && idx < n)
                        {
                            latency[idx] = now - sentAt[idx];
                        }
                        else
                        {
                            Interlocked.Increment(ref unknown);
                        }

                        var st = (int)r.Status;
                        Interlocked.Increment(ref statusCounts[st is >= 0 and < 16 ? st : 15]);
                        Interlocked.Increment(ref received);
                        slots.Release();
                    }
                });

                for (var i = stream; i < n; i += k)
                {
                    await slots.WaitAsync();
                    var notification = new Notification { Id = ids[i], App = app, Aps = aps };
                    notification.DeviceTokens.Add(tokens[i]);
                    sentAt[i] = Stopwatch.GetTimestamp();
                    await call.RequestStream.WriteAsync(new SendStreamRequest { Notification = notification });
                    var outstanding = Interlocked.Increment(ref sent) - Volatile.Read(ref received);
                    if (outstanding > Volatile.Read(ref maxOutstanding))
                    {
                        Interlocked.Exchange(ref maxOutstanding, outstanding);
                    }
                }

                await call.RequestStream.CompleteAsync();
                await reader;
            });
        }

        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or HttpRequestException)
        {
            error = ex.GetType().Name + ": " + ex.Message;
        }

        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var result = new RunResult
        {
            N = n,
            Results = received,
            Accepted = statusCounts[(int)DeliveryStatus.Accepted],
            ElapsedSeconds = elapsed,
            Throughput = received / elapsed,
            MaxOutstanding = maxOutstanding,
            Error = error ?? (unknown > 0 ? $"{unknown} results with an unknown notification id" : null),
        };
        for (var i = 0; i < statusCounts.Length; i++)
        {
            if (statusCounts[i] > 0)
            {
                result.Statuses[((DeliveryStatus)i).ToString()] = statusCounts[i];
            }
        }

        Latency.Fill(result, latency, n);
        return result;
    }
}
