using System.Text.Json;
using PushGrpc.Bench;

// Modes: run (the orchestrator: simulator, gateway, peers, report), grpc (gateway load generator), apns (the
// PushGrpc.Apns library direct), httpclient (a bare HttpClient: calibration), jwt (prints a provider token), report (re-renders results from raw JSON).
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: PushGrpc.Bench run|grpc|apns|httpclient|jwt|report [--options]; see bench/README.md");
    return 2;
}

var a = new Args(args.Skip(1));
switch (args[0])
{
    case "grpc":
        return await GrpcLoad.RunAsync(a);
    case "apns":
        return await ApnsDirect.RunAsync(a);
    case "httpclient":
        return await HttpClientDirect.RunAsync(a);
    case "jwt":
        Console.WriteLine(Jwt.Create(a.Str("key", ""), a.Str("team", ""), a.Str("kid", "")));
        return 0;
    case "report":
    {
        var c = Config(a);
        var raw = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(c.ResultsDir, "raw", "latest-runs.json")));
        var meta = raw.RootElement.GetProperty("meta").Deserialize<RunMeta>(Json.Options)!;
        var results = raw.RootElement.GetProperty("results").Deserialize<List<RunResult>>(Json.Options)!;
        Report.WriteMain(c, meta, results);
        var scalingPath = Path.Combine(c.ResultsDir, "raw", "scaling-runs.json");
        if (File.Exists(scalingPath))
        {
            Report.WriteScaling(c, System.Text.Json.JsonSerializer.Deserialize<List<RunResult>>(File.ReadAllText(scalingPath), Json.Options)!, "(re-rendered)");
        }

        return 0;
    }

    case "run":
        return await new Orchestrator(Config(a)).RunAsync();
    default:
        Console.Error.WriteLine($"unknown mode {args[0]}");
        return 2;
}

static BenchConfig Config(Args a)
{
    var quick = a.Flag("quick");
    var c = new BenchConfig
    {
        Repo = Path.GetFullPath(a.Str("repo", ".")),
        Quick = quick,
        N = a.Int("n", quick ? 5_000 : 200_000),
        Rounds = a.Int("rounds", quick ? 1 : 3),
        Scaling = a.Flag("scaling") || a.Flag("scaling-only"),
        SkipMain = a.Flag("scaling-only"),
        SimPort = a.Int("sim-port", 443),
        Out = a.Str("out", ""),
    };

    // A smoke run must not overwrite the published results in bench/results.
    if (quick && c.Out.Length == 0)
    {
        c.Out = Path.Combine(c.Repo, "bench", ".run", "quick");
    }
    if (a.Get("systems") is { } systems)
    {
        c.Systems = systems.Split(',', StringSplitOptions.RemoveEmptyEntries);
    }

    c.GatewayPool = a.Int("pool", c.GatewayPool);
    c.GatewayStreams = a.Int("streams", c.GatewayStreams);
    c.GatewayWindow = a.Int("window", c.GatewayWindow);
    c.GatewayMaxPerStream = a.Int("max-per-stream", Math.Max(c.GatewayMaxPerStream, c.GatewayWindow));
    c.GatewayMaxGlobal = a.Int("max-global", c.GatewayMaxGlobal);
    c.ApnsPool = a.Int("apns-pool", c.ApnsPool);
    c.ApnsConcurrency = a.Int("apns-concurrency", c.ApnsConcurrency);
    c.HttpClientConcurrency = a.Int("httpclient-concurrency", c.HttpClientConcurrency);
    c.NodeApnConcurrency = a.Int("node-apn-concurrency", c.NodeApnConcurrency);
    c.NodeApnClients = a.Int("node-apn-clients", c.NodeApnClients);
    c.Apns2Concurrency = a.Int("apns2-concurrency", c.Apns2Concurrency);
    c.H2loadClients = a.Int("h2load-clients", c.H2loadClients);
    c.H2loadStreams = a.Int("h2load-streams", c.H2loadStreams);
    c.H2loadThreads = a.Int("h2load-threads", c.H2loadThreads);
    c.ScalingPools = a.Ints("scaling-pools", c.ScalingPools);
    c.ScalingWindows = a.Ints("scaling-windows", c.ScalingWindows);
    c.MemoryInFlight = a.Ints("memory-inflight", c.MemoryInFlight);
    c.BaseGateway = a.Str("base-gateway", c.BaseGateway);
    foreach (var pair in a.Str("gateway-env", "").Split(',', StringSplitOptions.RemoveEmptyEntries))
    {
        var eq = pair.IndexOf('=');
        c.GatewayEnv[eq > 0 ? pair[..eq] : throw new ArgumentException($"--gateway-env wants K=V, got '{pair}'")] = pair[(eq + 1)..];
    }
    if (a.Get("warmup") is not null)
    {
        c.Warmup = a.Int("warmup", 0);
    }

    return c;
}
