using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;

namespace PushGrpc.Bench;

/// <summary>Settings of one run of the harness (see bench/README.md for each option).</summary>
public sealed class BenchConfig
{
    public string Repo { get; set; } = "";
    public int N { get; set; } = 200_000;
    public int Rounds { get; set; } = 3;
    public bool Quick { get; set; }
    public bool Scaling { get; set; }
    public bool SkipMain { get; set; }
    public string[] Systems { get; set; } = ["pushgrpc", "pushgrpc-sockets", "pushgrpc-apns", "httpclient", "node-apn", "apns2", "h2load"];
    public int SimPort { get; set; } = 443;
    public int GatewayPool { get; set; } = 2;
    public int GatewayStreams { get; set; } = 4;
    public int GatewayWindow { get; set; } = 50;
    public int GatewayMaxPerStream { get; set; } = 1000;
    public int GatewayMaxGlobal { get; set; } = 10_000;
    public int ApnsPool { get; set; } = 2;
    public int ApnsConcurrency { get; set; } = 200;
    public int HttpClientConcurrency { get; set; } = 100;
    public int NodeApnConcurrency { get; set; } = 100;
    public int NodeApnClients { get; set; } = 1;
    public int Apns2Concurrency { get; set; } = 256;
    public int H2loadClients { get; set; } = 2;
    public int H2loadStreams { get; set; } = 100;
    public int H2loadThreads { get; set; } = 1;
    public int? Warmup { get; set; }
    public int[] ScalingPools { get; set; } = [1, 2, 4, 8];
    public int[] ScalingWindows { get; set; } = [25, 50, 125, 250, 500, 1000];
    public int[] MemoryInFlight { get; set; } = [10_000, 50_000];
    public string Out { get; set; } = "";

    /// <summary>
    /// A second gateway build (a directory holding PushGrpc.Server.dll) run as system "pushgrpc-base", interleaved
    /// with "pushgrpc" in the same rounds: before/after comparisons of a change on a noisy machine.
    /// </summary>
    public string BaseGateway { get; set; } = "";

    /// <summary>Extra environment variables (K=V) for the "pushgrpc" gateway only: A/B of runtime knobs against pushgrpc-base.</summary>
    public Dictionary<string, string> GatewayEnv { get; set; } = new();

    public string BuildDir => Path.Combine(Repo, "bench", ".build");
    public string WorkDir => Path.Combine(Repo, "bench", ".run");
    public string ResultsDir => Out.Length > 0 ? Out : Path.Combine(Repo, "bench", "results");
    public string BenchDll => Path.Combine(AppContext.BaseDirectory, "PushGrpc.Bench.dll");
}

public sealed class Orchestrator
{
    public const string TeamId = "BENCHTEAM1";
    public const string KeyId = "BENCHKEY01";
    public const string Topic = "com.pushgrpc.bench";

    private readonly BenchConfig _c;
    private readonly string _keyFile;
    private readonly string _caFile;
    private readonly List<Process> _started = [];
    private Process? _simulator;
    private int _simPort;

    public Orchestrator(BenchConfig config)
    {
        _c = config;
        _keyFile = Path.Combine(_c.WorkDir, "AuthKey_" + KeyId + ".p8");
        _caFile = Path.Combine(_c.WorkDir, "simulator-ca.pem");
    }

    private int Warmup => _c.Warmup ?? PushGrpc.Bench.Warmup.For(_c.N);

    public async Task<int> RunAsync()
    {
        Directory.CreateDirectory(_c.WorkDir);
        Directory.CreateDirectory(_c.ResultsDir);
        Directory.CreateDirectory(Path.Combine(_c.ResultsDir, "raw"));
        var exitCode = 0;
        try
        {
            using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            {
                await File.WriteAllTextAsync(_keyFile, key.ExportPkcs8PrivateKeyPem());
            }

            await StartSimulatorAsync();
            var meta = new RunMeta
            {
                StartedUtc = DateTime.UtcNow,
                N = _c.N,
                Rounds = _c.Rounds,
                LoadAverageStart = File.ReadAllText("/proc/loadavg").Trim(),
                Machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, node {NodeVersion()}",
                SimulatorPort = _simPort,
                Source = File.Exists(Path.Combine(_c.BuildDir, "source.txt")) ? File.ReadAllText(Path.Combine(_c.BuildDir, "source.txt")).Trim() : "?",
            };

            // The first system of round 1 must not meet a cold (unjitted) simulator.
            Log("warming up the simulator with h2load");
            await RunH2loadAsync(Math.Min(20_000, Math.Max(2_000, _c.N / 10)), 0, record: false);

            var results = new List<RunResult>();
            if (!_c.SkipMain)
            {
                for (var round = 1; round <= _c.Rounds; round++)
                {
                    var order = _c.Systems.Skip((round - 1) % _c.Systems.Length).Concat(_c.Systems.Take((round - 1) % _c.Systems.Length)).ToArray();
                    Log($"round {round}/{_c.Rounds}: {string.Join(" -> ", order)} (load average {Proc.LoadAverage():F2})");
                    foreach (var system in order)
                    {
                        var r = await RunSystemAsync(system, round);
                        results.Add(r);
                        Log($"  {system,-14} {(r.Ok ? "ok " : "BAD")} {r.Results}/{r.N} accepted {r.Accepted}  {r.Throughput,9:F0}/s  p50 {r.P50Ms,7:F2} p99 {r.P99Ms,7:F2} ms  " +
                            string.Join("  ", r.Processes.Select(p => $"{p.Key} {p.Value.CpuSeconds:F2}s {p.Value.PeakRssMb:F0}MB")) + (r.Error is null ? "" : "  ERROR " + r.Error));
                        if (!r.Ok)
                        {
                            exitCode = 1;
                        }
                    }
                }

                meta.LoadAverageEnd = File.ReadAllText("/proc/loadavg").Trim();
                meta.FinishedUtc = DateTime.UtcNow;
                await File.WriteAllTextAsync(Path.Combine(_c.ResultsDir, "raw", "latest-runs.json"), JsonSerializer.Serialize(new { meta, results }, Json.Options));
                Report.WriteMain(_c, meta, results);
                Log($"wrote {Path.Combine(_c.ResultsDir, "latest.md")}");
            }

            if (_c.Scaling)
            {
                var scaling = await RunScalingAsync();
                await File.WriteAllTextAsync(Path.Combine(_c.ResultsDir, "raw", "scaling-runs.json"), JsonSerializer.Serialize(scaling, Json.Options));
                Report.WriteScaling(_c, scaling, File.ReadAllText("/proc/loadavg").Trim());
                Log($"wrote {Path.Combine(_c.ResultsDir, "scaling.md")}");
                if (scaling.Any(r => !r.Ok))
                {
                    exitCode = 1;
                }
            }
        }
        finally
        {
            foreach (var p in _started)
            {
                Stop(p);
            }
        }

        return exitCode;
    }

    private async Task<RunResult> RunSystemAsync(string system, int round)
    {
        var load = Proc.LoadAverage();
        var r = system switch
        {
            "pushgrpc" => await RunGatewayAsync(_c.N, _c.GatewayPool, _c.GatewayStreams, _c.GatewayWindow, _c.GatewayMaxPerStream, _c.GatewayMaxGlobal, $"r{round}"),
            "pushgrpc-sockets" => await RunGatewayAsync(_c.N, _c.GatewayPool, _c.GatewayStreams, _c.GatewayWindow, _c.GatewayMaxPerStream,
                _c.GatewayMaxGlobal, $"sockets-r{round}", system: "pushgrpc-sockets"),
            "pushgrpc-base" when _c.BaseGateway.Length > 0 => await RunGatewayAsync(_c.N, _c.GatewayPool, _c.GatewayStreams, _c.GatewayWindow,
                _c.GatewayMaxPerStream, _c.GatewayMaxGlobal, $"base-r{round}", _c.BaseGateway, "pushgrpc-base"),
            "pushgrpc-apns" => await RunDirectAsync("apns", "pushgrpc-apns", _c.ApnsConcurrency, round,
                "--pool", _c.ApnsPool.ToString(CultureInfo.InvariantCulture)),
            "httpclient" => await RunDirectAsync("httpclient", "httpclient", _c.HttpClientConcurrency, round),
            "node-apn" => await RunNodeAsync("node-apn", _c.NodeApnConcurrency, round),
            "apns2" => await RunNodeAsync("apns2", _c.Apns2Concurrency, round),
            "h2load" => await RunH2loadAsync(_c.N, round, record: true),
            _ => throw new ArgumentException($"unknown system '{system}'"),
        };
        r.Round = round;
        r.LoadAverage = load;
        return r;
    }

    // ---------------------------------------------------------------- simulator

    private async Task StartSimulatorAsync()
    {
        _simPort = _c.SimPort;
        if (!PortFree(_simPort))
        {
            throw new InvalidOperationException($"port {_simPort} on 127.0.0.1 is taken (or not bindable without root); pass --sim-port");
        }

        File.Delete(_caFile);
        var dir = Path.Combine(_c.BuildDir, "simulator");
        _simulator = Start("simulator", "dotnet", [Path.Combine(dir, "PushGrpc.ApnsSimulator.dll"),
            $"--Simulator:Port={_simPort}", "--Simulator:Address=127.0.0.1", $"--Simulator:CaCertificateOutput={_caFile}",
            "--Simulator:MaxRecords=0", "--Simulator:ManagementPort=0", // the bench sends no broadcasts: no fixed port to collide on
            $"--Simulator:Keys:0:TeamId={TeamId}", $"--Simulator:Keys:0:KeyId={KeyId}",
            $"--Simulator:Keys:0:KeyFile={_keyFile}", $"--Simulator:Keys:0:BundleIds:0={Topic}"],
            dir, new() { ["Logging__LogLevel__Default"] = "Warning", ["DOTNET_ENVIRONMENT"] = "Production" });
        await WaitForPortAsync(_simPort, _simulator, "simulator");
        for (var i = 0; i < 100 && !File.Exists(_caFile); i++)
        {
            await Task.Delay(100);
        }

        Log($"simulator pid {_simulator.Id} on https://127.0.0.1:{_simPort}, CA {_caFile}");
    }

    // ---------------------------------------------------------------- systems

    /// <summary>A fresh gateway process per run, driven by the gRPC load generator in another process.</summary>
    public async Task<RunResult> RunGatewayAsync(int n, int pool, int streams, int window, int maxPerStream, int maxGlobal, string tag,
        string? serverDir = null, string system = "pushgrpc")
    {
        var port = FreePort();
        var dir = serverDir ?? Path.Combine(_c.BuildDir, "server");
        var env = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{port}",
            // The HTTP/1.1 side (/metrics, /healthz) is not measured: an ephemeral port keeps runs from clashing.
            ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
            // Loopback benchmark traffic: no caller authentication, said out loud as Production requires.
            ["PushGrpc__Auth__AllowUnauthenticated"] = "true",
            ["PushGrpc__Simulator__Enabled"] = "false",
            ["PushGrpc__Apps__bench__Topic"] = Topic,
            ["PushGrpc__Apps__bench__BaseAddress"] = $"https://127.0.0.1:{_simPort}",
            ["PushGrpc__Apps__bench__CaCertificateFile"] = _caFile,
            ["PushGrpc__Apps__bench__Token__TeamId"] = TeamId,
            ["PushGrpc__Apps__bench__Token__KeyId"] = KeyId,
            ["PushGrpc__Apps__bench__Token__KeyFile"] = _keyFile,
            ["PushGrpc__Apps__bench__PoolSize"] = pool.ToString(CultureInfo.InvariantCulture),
            ["PushGrpc__Dispatch__MaxInFlightPerStream"] = maxPerStream.ToString(CultureInfo.InvariantCulture),
            ["PushGrpc__Dispatch__MaxInFlightGlobal"] = maxGlobal.ToString(CultureInfo.InvariantCulture),
        };
        if (system == "pushgrpc-sockets")
        {
            // The same gateway on its fallback HTTP/2 stack: what PushGrpc's own client saves, measured side by side.
            env["PushGrpc__Apps__bench__HttpStack"] = "SocketsHttpHandler";
        }

        if (system == "pushgrpc")
        {
            foreach (var (key, value) in _c.GatewayEnv)
            {
                env[key] = value;
            }
        }

        var gateway = Start($"gateway-{tag}", "dotnet", [Path.Combine(dir, "PushGrpc.Server.dll")], dir, env);
        try
        {
            await WaitForPortAsync(port, gateway, "gateway");
            var output = Path.Combine(_c.WorkDir, $"result-{system}-{tag}.json");
            var r = await RunChildAsync($"loadgen-{tag}", "dotnet", [_c.BenchDll, "grpc", "--target", $"http://127.0.0.1:{port}",
                "--n", n.ToString(CultureInfo.InvariantCulture), "--streams", streams.ToString(CultureInfo.InvariantCulture),
                "--window", window.ToString(CultureInfo.InvariantCulture), "--warmup", Warmup.ToString(CultureInfo.InvariantCulture),
                "--measure", $"gateway={gateway.Id},simulator={_simulator!.Id},loadgen=self", "--out", output], output, system, n);
            r.Settings = $"gateway PoolSize {pool}, MaxInFlightPerStream {maxPerStream}, MaxInFlightGlobal {maxGlobal}; load generator: {streams} SendStream calls (1 connection each) x window {window}" +
                (system == "pushgrpc" && _c.GatewayEnv.Count > 0 ? "; gateway env " + string.Join(" ", _c.GatewayEnv.Select(e => $"{e.Key}={e.Value}")) : "");
            r.Tags["pool"] = pool.ToString(CultureInfo.InvariantCulture);
            r.Tags["inflight"] = (streams * window).ToString(CultureInfo.InvariantCulture);
            return r;
        }
        finally
        {
            Stop(gateway);
        }
    }

    /// <summary>A client in the bench process itself (mode "apns": the PushGrpc.Apns library; "httpclient": a bare HttpClient).</summary>
    /// <remarks>
    /// The library-direct run starts with the gateway's own runtimeconfig (src/ServerRuntime.props: JIT, GC and
    /// thread-pool settings), so the gateway's CPU minus the library's is the gRPC hop and not a difference in those.
    /// The calibration clients keep the defaults: the bare HttpClient is the issue's own baseline.
    /// </remarks>
    private async Task<RunResult> RunDirectAsync(string mode, string system, int concurrency, int round, params string[] extra)
    {
        var output = Path.Combine(_c.WorkDir, $"result-{mode}-r{round}.json");
        string[] runtime = mode == "apns"
            ? ["exec", "--runtimeconfig", Path.Combine(_c.BuildDir, "server", "PushGrpc.Server.runtimeconfig.json")]
            : [];
        return await RunChildAsync($"{mode}-r{round}", "dotnet", [.. runtime, _c.BenchDll, mode, "--base", $"https://127.0.0.1:{_simPort}",
            "--ca", _caFile, "--key", _keyFile, "--team", TeamId, "--kid", KeyId, "--topic", Topic,
            "--n", _c.N.ToString(CultureInfo.InvariantCulture), "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
            "--warmup", Warmup.ToString(CultureInfo.InvariantCulture), .. extra,
            "--measure", $"client=self,simulator={_simulator!.Id}", "--out", output], output, system, _c.N);
    }

    private async Task<RunResult> RunNodeAsync(string lib, int concurrency, int round)
    {
        var output = Path.Combine(_c.WorkDir, $"result-{lib}-r{round}.json");
        if (lib == "apns2" && _simPort != 443)
        {
            return new RunResult { System = lib, N = _c.N, Error = "apns2 always connects to port 443; the simulator is not on 443" };
        }

        var peers = Path.Combine(_c.Repo, "bench", "peers");
        return await RunChildAsync($"{lib}-r{round}", "node", [Path.Combine(peers, "peer.js"), "--lib", lib,
            "--n", _c.N.ToString(CultureInfo.InvariantCulture), "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
            "--clients", _c.NodeApnClients.ToString(CultureInfo.InvariantCulture),
            "--host", "127.0.0.1", "--port", _simPort.ToString(CultureInfo.InvariantCulture), "--ca", _caFile, "--key", _keyFile,
            "--team", TeamId, "--kid", KeyId, "--topic", Topic, "--warmup", Warmup.ToString(CultureInfo.InvariantCulture),
            "--measure", $"client=self,simulator={_simulator!.Id}", "--out", output], output, lib, _c.N,
            new() { ["NODE_EXTRA_CA_CERTS"] = _caFile, ["NODE_ENV"] = "production" }, peers);
    }

    /// <summary>h2load posting the same request (same headers, payload, random tokens) straight to the simulator.</summary>
    private async Task<RunResult> RunH2loadAsync(int n, int round, bool record)
    {
        var jwt = Jwt.Create(_keyFile, TeamId, KeyId);
        var uris = Path.Combine(_c.WorkDir, "h2load-uris.txt");
        await File.WriteAllLinesAsync(uris, Tokens.Random(1000, 7 + round).Select(t => $"https://127.0.0.1:{_simPort}/3/device/{t}"));
        var payload = Path.Combine(_c.WorkDir, "h2load-payload.json");
        await File.WriteAllTextAsync(payload, Payload.Json);
        var log = Path.Combine(_c.WorkDir, $"h2load-r{round}.tsv");
        var timeFile = Path.Combine(_c.WorkDir, $"h2load-r{round}.time");
        var stdout = Path.Combine(_c.WorkDir, $"h2load-r{round}.out");
        File.Delete(log);
        var sampler = new ProcSampler(new() { ["simulator"] = _simulator!.Id });
        sampler.Start();
        var p = Start($"h2load-r{round}", "/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, "h2load",
            "-n", n.ToString(CultureInfo.InvariantCulture), "-c", _c.H2loadClients.ToString(CultureInfo.InvariantCulture),
            "-m", _c.H2loadStreams.ToString(CultureInfo.InvariantCulture), "-t", _c.H2loadThreads.ToString(CultureInfo.InvariantCulture),
            "-H", "authorization: bearer " + jwt, "-H", "apns-topic: " + Topic, "-H", "apns-push-type: alert",
            "-H", "content-type: application/json",
            "-d", payload, "-i", uris, "--log-file", log], _c.WorkDir, new(), stdout);
        await p.WaitForExitAsync();
        var processes = sampler.Stop();
        var r = new RunResult { System = "h2load", N = n, Processes = processes };
        r.Settings = $"h2load -c {_c.H2loadClients} -m {_c.H2loadStreams} -t {_c.H2loadThreads} (connections x streams each, threads), 1000 random-token URIs";
        var text = File.ReadAllText(stdout);
        foreach (var line in text.Split('\n'))
        {
            var l = line.Trim();
            if (l.StartsWith("requests:", StringComparison.Ordinal))
            {
                // requests: 5000 total, 5000 started, 5000 done, 5000 succeeded, 0 failed, 0 errored, 0 timeout
                var parts = l[9..].Split(',').Select(s => s.Trim().Split(' ')).ToDictionary(a => a[1], a => long.Parse(a[0], CultureInfo.InvariantCulture));
                r.Results = parts["done"];
            }
            else if (l.StartsWith("status codes:", StringComparison.Ordinal))
            {
                var parts = l[13..].Split(',').Select(s => s.Trim().Split(' ')).ToDictionary(a => a[1], a => long.Parse(a[0], CultureInfo.InvariantCulture));
                r.Accepted = parts["2xx"];
                foreach (var (k, v) in parts.Where(kv => kv.Value > 0))
                {
                    r.Statuses[k] = v;
                }
            }
            else if (l.StartsWith("finished in", StringComparison.Ordinal))
            {
                // finished in 1.23s, 4056.78 req/s, 1.2MB/s
                var parts = l[11..].Split(',');
                r.ElapsedSeconds = ParseDuration(parts[0].Trim());
                r.Throughput = double.Parse(parts[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        if (File.Exists(timeFile))
        {
            var t = File.ReadAllText(timeFile).Trim().Split('\n').Last().Split(' ');
            if (t.Length >= 4)
            {
                var user = double.Parse(t[1], CultureInfo.InvariantCulture);
                var sys = double.Parse(t[2], CultureInfo.InvariantCulture);
                r.Processes["client"] = new ProcUsage { UserSeconds = user, SystemSeconds = sys, CpuSeconds = user + sys, PeakRssMb = long.Parse(t[3], CultureInfo.InvariantCulture) / 1024.0 };
            }
        }

        if (File.Exists(log))
        {
            var ms = File.ReadLines(log).Select(line => line.Split('\t')).Where(a => a.Length >= 3)
                .Select(a => double.Parse(a[2], CultureInfo.InvariantCulture) / 1000.0).ToArray();
            Latency.FillFromMs(r, ms);
        }

        if (p.ExitCode != 0 || r.Results != n)
        {
            r.Error = $"h2load exit code {p.ExitCode}; see {stdout}";
        }

        if (!record)
        {
            Log($"  warm-up h2load: {r.Results}/{n} done, {r.Accepted} 2xx, {r.Throughput:F0}/s");
        }

        return r;
    }

    private static double ParseDuration(string s) =>
        s.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(s[..^2], CultureInfo.InvariantCulture) / 1000
        : s.EndsWith("us", StringComparison.Ordinal) ? double.Parse(s[..^2], CultureInfo.InvariantCulture) / 1e6
        : double.Parse(s.TrimEnd('s'), CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- scaling

    private async Task<List<RunResult>> RunScalingAsync()
    {
        var all = new List<RunResult>();
        var n = _c.N;
        foreach (var pool in _c.ScalingPools)
        {
            var r = await RunGatewayAsync(n, pool, _c.GatewayStreams, _c.GatewayWindow, _c.GatewayMaxPerStream, _c.GatewayMaxGlobal, $"pool{pool}");
            r.Tags["series"] = "pool";
            all.Add(Logged(r, $"scaling pool {pool}"));
        }

        foreach (var window in _c.ScalingWindows)
        {
            var r = await RunGatewayAsync(n, _c.GatewayPool, _c.GatewayStreams, window, Math.Max(_c.GatewayMaxPerStream, window), _c.GatewayMaxGlobal, $"window{window}");
            r.Tags["series"] = "window";
            all.Add(Logged(r, $"scaling window {_c.GatewayStreams}x{window}"));
        }

        // Memory with many notifications in flight from the caller: the gateway starts as many as its pool's latency-
        // following bound allows and leaves the rest unread, waiting in HTTP/2 flow control (and in the load
        // generator, which cannot get more out once the stream's flow-control window is full).
        foreach (var inflight in _c.MemoryInFlight)
        {
            var window = inflight / _c.GatewayStreams;
            var count = Math.Max(n, 2 * inflight);
            var r = await RunGatewayAsync(count, _c.GatewayPool, _c.GatewayStreams, window, window, Math.Max(_c.GatewayMaxGlobal, inflight), $"mem{inflight}");
            r.Tags["series"] = "memory";
            all.Add(Logged(r, $"scaling memory {inflight} in flight"));
        }

        return all;
    }

    private static RunResult Logged(RunResult r, string what)
    {
        Log($"  {what,-28} {(r.Ok ? "ok " : "BAD")} {r.Results}/{r.N} {r.Throughput,9:F0}/s p50 {r.P50Ms,7:F2} p99 {r.P99Ms,7:F2} ms max outstanding {r.MaxOutstanding} " +
            string.Join("  ", r.Processes.Select(p => $"{p.Key} {p.Value.CpuSeconds:F2}s {p.Value.PeakRssMb:F0}MB")) + (r.Error is null ? "" : " ERROR " + r.Error));
        return r;
    }

    // ---------------------------------------------------------------- processes

    private async Task<RunResult> RunChildAsync(string name, string file, string[] args, string output, string system, int n,
        Dictionary<string, string>? env = null, string? workDir = null)
    {
        File.Delete(output);
        var p = Start(name, file, args, workDir ?? _c.WorkDir, env ?? new());
        await p.WaitForExitAsync();
        if (!File.Exists(output))
        {
            return new RunResult { System = system, N = n, Error = $"{name} exited with {p.ExitCode} and wrote no result; see {LogPath(name)}" };
        }

        var r = JsonSerializer.Deserialize<RunResult>(await File.ReadAllTextAsync(output), Json.Options)!;
        r.System = system;
        if (p.ExitCode != 0 && r.Error is null)
        {
            r.Error = $"{name} exited with {p.ExitCode}; see {LogPath(name)}";
        }

        return r;
    }

    private string LogPath(string name) => Path.Combine(_c.WorkDir, "logs", name + ".log");

    /// <summary>Starts a process with stdout and stderr going to bench/.run/logs/NAME.log (or <paramref name="stdout"/>).</summary>
    private Process Start(string name, string file, string[] args, string workDir, Dictionary<string, string> env, string? stdout = null)
    {
        Directory.CreateDirectory(Path.Combine(_c.WorkDir, "logs"));
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workDir, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(stdout is null ? "exec \"$0\" \"$@\" >\"$BENCH_LOG\" 2>&1" : "exec \"$0\" \"$@\" >\"$BENCH_OUT\" 2>\"$BENCH_LOG\"");
        psi.ArgumentList.Add(file);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["BENCH_LOG"] = LogPath(name);
        if (stdout is not null)
        {
            psi.Environment["BENCH_OUT"] = stdout;
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        var p = Process.Start(psi)!;
        _started.Add(p);
        return p;
    }

    private static void Stop(Process p)
    {
        try
        {
            if (p.HasExited)
            {
                return;
            }

            using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            if (!p.WaitForExit(10_000))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task WaitForPortAsync(int port, Process p, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (p.HasExited)
            {
                throw new InvalidOperationException($"{what} exited with {p.ExitCode} before listening on {port}");
            }

            try
            {
                using var s = new TcpClient();
                await s.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{what} did not listen on {port} within 120 s");
    }

    private static bool PortFree(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            l.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string NodeVersion()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
            var v = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return v;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    public static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}

public sealed class RunMeta
{
    public DateTime StartedUtc { get; set; }
    public DateTime FinishedUtc { get; set; }
    public int N { get; set; }
    public int Rounds { get; set; }
    public string LoadAverageStart { get; set; } = "";
    public string LoadAverageEnd { get; set; } = "";
    public string Machine { get; set; } = "";
    public int SimulatorPort { get; set; }
    public string Source { get; set; } = "";
}
