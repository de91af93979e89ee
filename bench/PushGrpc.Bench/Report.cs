using System.Globalization;
using System.Text;
using ScottPlot;

namespace PushGrpc.Bench;

/// <summary>bench/results/latest.md, throughput.png, latency.png (and scaling.md / scaling.png).</summary>
public static class Report
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["pushgrpc"] = "PushGrpc gateway (gRPC in, APNs out)",
        ["pushgrpc-sockets"] = "PushGrpc gateway on SocketsHttpHandler (HttpStack fallback)",
        ["pushgrpc-base"] = "PushGrpc gateway, base build (--base-gateway)",
        ["pushgrpc-apns"] = "PushGrpc.Apns library, direct",
        ["httpclient"] = ".NET HttpClient, bare (calibration)",
        ["node-apn"] = "@parse/node-apn 8.1.0",
        ["apns2"] = "apns2 12.2.0",
        ["h2load"] = "h2load (ceiling)",
    };

    private static readonly Dictionary<string, string> Short = new()
    {
        ["pushgrpc"] = "PushGrpc gateway",
        ["pushgrpc-sockets"] = "gateway, SocketsHttpHandler",
        ["pushgrpc-base"] = "gateway (base)",
        ["pushgrpc-apns"] = "PushGrpc.Apns direct",
        ["httpclient"] = "bare HttpClient",
        ["node-apn"] = "node-apn",
        ["apns2"] = "apns2",
        ["h2load"] = "h2load",
    };

    /// <summary>The systems that are a gateway driven by the gRPC load generator, not a client process of their own.</summary>
    private static bool IsGateway(string system) => system is "pushgrpc" or "pushgrpc-sockets" or "pushgrpc-base";

    private static string F(double v, string fmt = "F0") => v.ToString(fmt, CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        var a = values.OrderBy(v => v).ToArray();
        return a.Length == 0 ? double.NaN : a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }

    /// <summary>The process whose cost is the system's own: the gateway for PushGrpc, the client process otherwise.</summary>
    private static ProcUsage? Own(RunResult r) =>
        r.Processes.TryGetValue(IsGateway(r.System) ? "gateway" : "client", out var u) ? u : null;

    private static double Per100k(double seconds, long count) => count > 0 ? seconds * 100_000 / count : double.NaN;

    /// <summary>CPU-s per 100k of the run's own process (the gateway, or the client).</summary>
    private static double OwnCpuPer100k(RunResult r) => Per100k(Own(r)?.CpuSeconds ?? double.NaN, r.Results);

    public sealed class Summary
    {
        public string System = "";
        public int Runs;
        public int OkRuns;
        public double Tput, TputMin, TputMax;
        public double P50, P90, P99, P999;
        public double Cpu, CpuMin, CpuMax;
        public double Rss;
        public double SimCpu;
        public double LoadgenCpu = double.NaN;
        public long ResultsMin;
        public string Settings = "";
    }

    public static List<Summary> Summarize(IEnumerable<RunResult> results, IEnumerable<string> order)
    {
        var list = new List<Summary>();
        foreach (var system in order)
        {
            var runs = results.Where(r => r.System == system).ToList();
            if (runs.Count == 0)
            {
                continue;
            }

            var ok = runs.Where(r => r.Ok).ToList();
            var use = ok.Count > 0 ? ok : runs;
            var cpu = use.Select(OwnCpuPer100k).ToList();
            list.Add(new Summary
            {
                System = system,
                Runs = runs.Count,
                OkRuns = ok.Count,
                Tput = Median(use.Select(r => r.Throughput)),
                TputMin = use.Min(r => r.Throughput),
                TputMax = use.Max(r => r.Throughput),
                P50 = Median(use.Select(r => r.P50Ms)),
                P90 = Median(use.Select(r => r.P90Ms)),
                P99 = Median(use.Select(r => r.P99Ms)),
                P999 = Median(use.Select(r => r.P999Ms)),
                Cpu = Median(cpu),
                CpuMin = cpu.Min(),
                CpuMax = cpu.Max(),
                Rss = use.Max(r => Own(r)?.PeakRssMb ?? double.NaN),
                SimCpu = Median(use.Select(r => Per100k(r.Processes.GetValueOrDefault("simulator")?.CpuSeconds ?? double.NaN, r.Results))),
                LoadgenCpu = IsGateway(system) ? Median(use.Select(r => Per100k(r.Processes.GetValueOrDefault("loadgen")?.CpuSeconds ?? double.NaN, r.Results))) : double.NaN,
                ResultsMin = runs.Min(r => r.Results),
                Settings = use[0].Settings,
            });
        }

        return list;
    }

    /// <summary>
    /// CPU per notification of <paramref name="system"/> over <paramref name="peer"/>, one ratio per round both ran
    /// in. The machine's speed drifts over minutes; two systems measured a minute apart drift much less than the
    /// medians of runs spread over the whole benchmark, so these ratios show the spread the drift leaves.
    /// </summary>
    public static List<double> PairedCpuRatios(IEnumerable<RunResult> results, string system, string peer)
    {
        var ok = results.Where(r => r.Ok).ToList();
        return ok.Where(r => r.System == system)
            .Join(ok.Where(r => r.System == peer), r => r.Round, r => r.Round,
                (a, b) => OwnCpuPer100k(a) / OwnCpuPer100k(b))
            .Where(double.IsFinite)
            .ToList();
    }

    public static void WriteMain(BenchConfig c, RunMeta meta, List<RunResult> results)
    {
        var summaries = Summarize(results, c.Systems);
        var gw = summaries.FirstOrDefault(s => s.System == "pushgrpc");
        var sb = new StringBuilder();
        sb.AppendLine("# PushGrpc benchmark: latest run");
        sb.AppendLine();
        sb.AppendLine($"- {meta.StartedUtc:yyyy-MM-dd HH:mm} UTC, {meta.Rounds} interleaved round(s), N = {meta.N:N0} notifications per system per round (after a warm-up pass)");
        sb.AppendLine($"- code benchmarked: {meta.Source}");
        sb.AppendLine($"- machine: {meta.Machine}");
        sb.AppendLine($"- load average (1/5/15 min, runnable/total, last pid) at start: `{meta.LoadAverageStart}`, at end: `{meta.LoadAverageEnd}`");
        sb.AppendLine($"- one simulator (TLS, HTTP/2, token auth, validating, no recording) on 127.0.0.1:{meta.SimulatorPort} served every system");
        sb.AppendLine();
        sb.AppendLine("Medians over rounds; [min–max] is the spread. CPU and RSS are those of the system's own process: the gateway for PushGrpc (the load generator is listed apart), the client process for the others.");
        sb.AppendLine();
        sb.AppendLine("| system | notifications/s | vs PushGrpc | p50 ms | p90 ms | p99 ms | p99.9 ms | CPU-s / 100k | CPU vs PushGrpc | peak RSS MB | simulator CPU-s / 100k | results (min) | ok runs |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in summaries)
        {
            var ratio = gw is null ? "" : s.System == "pushgrpc" ? "1.00x" : $"{F(s.Tput / gw.Tput, "F2")}x";
            var cpuRatio = gw is null ? "" : s.System == "pushgrpc" ? "1.00x" : $"{F(s.Cpu / gw.Cpu, "F2")}x";
            sb.AppendLine($"| {Names.GetValueOrDefault(s.System, s.System)} | {F(s.Tput)} [{F(s.TputMin)}–{F(s.TputMax)}] | {ratio} | {F(s.P50, "F1")} | {F(s.P90, "F1")} | {F(s.P99, "F1")} | {F(s.P999, "F1")} | {F(s.Cpu, "F2")} [{F(s.CpuMin, "F2")}–{F(s.CpuMax, "F2")}] | {cpuRatio} | {F(s.Rss)} | {F(s.SimCpu, "F2")} | {s.ResultsMin:N0} / {meta.N:N0} | {s.OkRuns}/{s.Runs} |");
        }

        sb.AppendLine();
        if (gw is not null)
        {
            sb.AppendLine($"PushGrpc's load generator (gRPC client, a separate process) used {F(gw.LoadgenCpu, "F2")} CPU-s per 100k on top of the gateway's {F(gw.Cpu, "F2")}.");
            var npm = summaries.Where(s => s.System is "node-apn" or "apns2").OrderByDescending(s => s.Tput).FirstOrDefault();
            var h2 = summaries.FirstOrDefault(s => s.System == "h2load");
            sb.AppendLine();
            sb.AppendLine("Issue 8 targets, from this run:");
            sb.AppendLine();
            if (npm is not null)
            {
                var x = gw.Tput / npm.Tput;
                sb.AppendLine($"- gateway end to end ≥ 1.5x the faster npm peer ({Short[npm.System]}, {F(npm.Tput)}/s): **{F(x, "F2")}x** — {(x >= 1.5 ? "met" : "not met")}");
            }

            if (h2 is not null)
            {
                var x = gw.Tput / h2.Tput;
                sb.AppendLine($"- gateway ≥ 25% of the h2load ceiling ({F(h2.Tput)}/s): **{F(100 * x, "F0")}%** — {(x >= 0.25 ? "met" : "not met")}");
            }

            sb.AppendLine($"- gateway ≤ 3 CPU-s per 100k (2 is the aim), as an absolute figure on this machine: **{F(gw.Cpu, "F2")}** — {(gw.Cpu <= 3 ? "met" : "not met")}");
            // The issue set 3 CPU-s on a machine where node-apn spends ~5 and a bare HttpClient 1.9; the same code
            // costs a different number of CPU-seconds on another machine, so the target is also given as a ratio to
            // those two, both measured in this run.
            foreach (var (system, reference) in new[] { ("node-apn", 5.0), ("httpclient", 1.9) })
            {
                if (summaries.FirstOrDefault(s => s.System == system) is { } peer)
                {
                    var limit = 3 / reference * peer.Cpu;
                    var paired = PairedCpuRatios(results, "pushgrpc", system);
                    var pairedText = paired.Count == 0 ? "" :
                        $"; paired within each round: {F(Median(paired), "F2")}x [{F(paired.Min(), "F2")}–{F(paired.Max(), "F2")}]";
                    sb.AppendLine($"- the same target scaled by {Short[system]} ({F(reference, "F1")} CPU-s/100k where the target was set, {F(peer.Cpu, "F2")} here): ≤ {F(limit, "F2")}, gateway {F(gw.Cpu, "F2")} = {F(gw.Cpu / peer.Cpu, "F2")}x {Short[system]}{pairedText} (target ≤ {F(3 / reference, "F2")}x) — {(gw.Cpu <= limit ? "met" : "not met")}");
                }
            }

            if (summaries.FirstOrDefault(s => s.System == "pushgrpc-sockets") is { } sockets)
            {
                var paired = PairedCpuRatios(results, "pushgrpc", "pushgrpc-sockets");
                var pairedText = paired.Count == 0 ? "" : $", paired within each round {F(Median(paired), "F2")}x [{F(paired.Min(), "F2")}–{F(paired.Max(), "F2")}]";
                sb.AppendLine($"- PushGrpc's own HTTP/2 client against the SocketsHttpHandler fallback, same gateway: {F(gw.Cpu, "F2")} vs {F(sockets.Cpu, "F2")} CPU-s/100k = {F(gw.Cpu / sockets.Cpu, "F2")}x{pairedText}; {F(gw.Tput)}/s vs {F(sockets.Tput)}/s");
            }

            sb.AppendLine($"- gateway peak RSS in this run (≈{c.GatewayStreams * c.GatewayWindow:N0} in flight): {F(gw.Rss)} MB (the 10,000/50,000-in-flight figures are in scaling.md)");
        }

        sb.AppendLine();
        sb.AppendLine("Settings:");
        sb.AppendLine();
        foreach (var s in summaries)
        {
            sb.AppendLine($"- {Names.GetValueOrDefault(s.System, s.System)}: {s.Settings}");
        }

        var bad = results.Where(r => !r.Ok).ToList();
        if (bad.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Runs that did not return N accepted results:");
            sb.AppendLine();
            foreach (var r in bad)
            {
                sb.AppendLine($"- {r.System} round {r.Round}: {r.Results}/{r.N} results, {r.Accepted} accepted, statuses {string.Join(", ", r.Statuses.Select(kv => kv.Key + "=" + kv.Value))} {r.Error}");
            }
        }

        sb.AppendLine();
        sb.AppendLine("Per round:");
        sb.AppendLine();
        sb.AppendLine("| round | system | notifications/s | p50 ms | p99 ms | own CPU-s/100k | simulator CPU-s/100k | load avg at start |");
        sb.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results.OrderBy(r => r.Round))
        {
            sb.AppendLine($"| {r.Round} | {Short.GetValueOrDefault(r.System, r.System)} | {F(r.Throughput)} | {F(r.P50Ms, "F1")} | {F(r.P99Ms, "F1")} | {F(OwnCpuPer100k(r), "F2")} | {F(Per100k(r.Processes.GetValueOrDefault("simulator")?.CpuSeconds ?? double.NaN, r.Results), "F2")} | {F(r.LoadAverage, "F2")} |");
        }

        sb.AppendLine();
        sb.AppendLine("![throughput](throughput.png)");
        sb.AppendLine();
        sb.AppendLine("![latency](latency.png)");
        File.WriteAllText(Path.Combine(c.ResultsDir, "latest.md"), sb.ToString());
        ThroughputChart(summaries, Path.Combine(c.ResultsDir, "throughput.png"), meta);
        LatencyChart(summaries, Path.Combine(c.ResultsDir, "latency.png"), meta);
    }

    private static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#6baed6"), Color.FromHex("#ff7f0e"), Color.FromHex("#d62728"), Color.FromHex("#7f7f7f"),
    ];

    private static Color ColorOf(string system) => system switch
    {
        "pushgrpc" => Palette[0],
        "pushgrpc-apns" => Palette[1],
        "node-apn" => Palette[2],
        "apns2" => Palette[3],
        _ => Palette[4],
    };

    private static void ThroughputChart(List<Summary> summaries, string path, RunMeta meta)
    {
        var plt = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < summaries.Count; i++)
        {
            var s = summaries[i];
            bars.Add(new Bar
            {
                Position = i,
                Value = s.Tput,
                FillColor = ColorOf(s.System),
                Label = F(s.Tput),
                LineWidth = 0,
            });
        }

        var bp = plt.Add.Bars(bars);
        bp.ValueLabelStyle.FontSize = 14;
        bp.ValueLabelStyle.Bold = true;
        for (var i = 0; i < summaries.Count; i++)
        {
            // the spread over rounds: a min–max whisker
            var s = summaries[i];
            foreach (var line in new[] { plt.Add.Line(i, s.TputMin, i, s.TputMax), plt.Add.Line(i - 0.08, s.TputMin, i + 0.08, s.TputMin), plt.Add.Line(i - 0.08, s.TputMax, i + 0.08, s.TputMax) })
            {
                line.LineWidth = 2;
                line.LineColor = Colors.Black;
                line.MarkerSize = 0;
            }
        }
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, summaries.Count).Select(i => (double)i).ToArray(),
            summaries.Select(s => Short.GetValueOrDefault(s.System, s.System)).ToArray());
        plt.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plt.Axes.Bottom.MajorTickStyle.Length = 0;
        plt.Axes.SetLimitsY(0, (summaries.Count == 0 ? 1 : summaries.Max(s => s.TputMax)) * 1.15);
        plt.Title($"Notifications per second (median of {meta.Rounds}, bars = min–max), N = {meta.N:N0}, 2 cores", 16);
        plt.YLabel("notifications / s");
        plt.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        plt.SavePng(path, 1000, 560);
    }

    private static void LatencyChart(List<Summary> summaries, string path, RunMeta meta)
    {
        var plt = new Plot();
        string[] names = ["p50", "p90", "p99", "p99.9"];
        Color[] shades = [Color.FromHex("#9ecae1"), Color.FromHex("#4292c6"), Color.FromHex("#08519c"), Color.FromHex("#08306b")];
        const double floor = -1; // log10(0.1 ms)
        var bars = new List<Bar>();
        for (var i = 0; i < summaries.Count; i++)
        {
            var s = summaries[i];
            double[] v = [s.P50, s.P90, s.P99, s.P999];
            for (var j = 0; j < 4; j++)
            {
                var lg = Math.Log10(Math.Max(v[j], 0.1));
                bars.Add(new Bar
                {
                    Position = i * 5 + j,
                    ValueBase = floor,
                    Value = lg,
                    FillColor = shades[j],
                    LineWidth = 0,
                    Label = v[j] >= 100 ? F(v[j]) : v[j] >= 10 ? F(v[j], "F0") : F(v[j], "F1"),
                });
            }
        }

        var bp = plt.Add.Bars(bars);
        bp.ValueLabelStyle.FontSize = 10;
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, summaries.Count).Select(i => i * 5 + 1.5).ToArray(),
            summaries.Select(s => Short.GetValueOrDefault(s.System, s.System)).ToArray());
        plt.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plt.Axes.Bottom.MajorTickStyle.Length = 0;
        double[] ticks = [0.1, 1, 10, 100, 1000, 10000];
        plt.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(Math.Log10).ToArray(), ticks.Select(t => t < 1 ? F(t, "F1") : F(t)).ToArray());
        var top = summaries.Count == 0 ? 2 : Math.Log10(Math.Max(summaries.Max(s => s.P999), 1)) + 0.8;
        plt.Axes.SetLimitsY(floor, top);
        plt.Axes.SetLimitsX(-1, summaries.Count * 5 - 1);
        plt.YLabel("ms from send to result (log scale)");
        plt.Title($"Latency percentiles (median of {meta.Rounds}), N = {meta.N:N0}", 16);
        for (var j = 0; j < 4; j++)
        {
            plt.Legend.ManualItems.Add(new LegendItem { LabelText = names[j], FillColor = shades[j] });
        }

        plt.Legend.Alignment = Alignment.UpperCenter;
        plt.Legend.Orientation = Orientation.Horizontal;
        plt.ShowLegend();
        plt.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        plt.SavePng(path, 1000, 560);
    }

    public static void WriteScaling(BenchConfig c, List<RunResult> runs, string loadAverage)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# PushGrpc gateway scaling");
        sb.AppendLine();
        sb.AppendLine($"- {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, one run per point, load average at end `{loadAverage}`; CPU is the gateway's");
        sb.AppendLine();
        sb.AppendLine("| series | gateway PoolSize | in flight (load generator window total) | N | notifications/s | p50 ms | p99 ms | gateway CPU-s/100k | gateway peak RSS MB | max outstanding seen | ok |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in runs)
        {
            var g = r.Processes.GetValueOrDefault("gateway");
            sb.AppendLine($"| {r.Tags.GetValueOrDefault("series")} | {r.Tags.GetValueOrDefault("pool")} | {r.Tags.GetValueOrDefault("inflight")} | {r.N:N0} | {F(r.Throughput)} | {F(r.P50Ms, "F1")} | {F(r.P99Ms, "F1")} | {F(Per100k(g?.CpuSeconds ?? double.NaN, r.Results), "F2")} | {F(g?.PeakRssMb ?? double.NaN)} | {r.MaxOutstanding:N0} | {(r.Ok ? "yes" : "NO: " + r.Error + " " + string.Join(",", r.Statuses.Select(kv => kv.Key + "=" + kv.Value)))} |");
        }

        sb.AppendLine();
        sb.AppendLine("\"In flight\" is what the load generator has sent (or is trying to send) without a result yet. The gateway starts as many as its APNs pool's bound allows (it follows the latency of answers: near its floor of PoolSize x 125 on this short, busy loopback path, up to PoolSize x 1,250 on a long one) and reads no more until answers come back; the rest wait unread under HTTP/2 flow control. The load generator cannot always get its whole window out against that flow control: \"max outstanding seen\" says how many it did.");
        sb.AppendLine();
        sb.AppendLine("![scaling](scaling.png)");
        File.WriteAllText(Path.Combine(c.ResultsDir, "scaling.md"), sb.ToString());

        var mp = new Multiplot();
        mp.AddPlots(2);
        var pool = runs.Where(r => r.Tags.GetValueOrDefault("series") == "pool").ToList();
        var window = runs.Where(r => r.Tags.GetValueOrDefault("series") == "window").ToList();
        var p0 = mp.GetPlot(0);
        var s0 = p0.Add.Scatter(pool.Select(r => double.Parse(r.Tags["pool"], CultureInfo.InvariantCulture)).ToArray(), pool.Select(r => r.Throughput).ToArray());
        s0.LineWidth = 2;
        s0.MarkerSize = 8;
        p0.Title("Throughput vs gateway PoolSize");
        p0.XLabel("HTTP/2 connections to APNs");
        p0.YLabel("notifications / s");
        p0.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([1, 2, 4, 8], ["1", "2", "4", "8"]);
        p0.Axes.Margins(0.1, 0.15);
        var p1 = mp.GetPlot(1);
        var s1 = p1.Add.Scatter(window.Select(r => Math.Log10(double.Parse(r.Tags["inflight"], CultureInfo.InvariantCulture))).ToArray(), window.Select(r => r.Throughput).ToArray());
        s1.LineWidth = 2;
        s1.MarkerSize = 8;
        p1.Title("Throughput vs notifications in flight");
        p1.XLabel("in flight (4 streams x window), log scale");
        p1.YLabel("notifications / s");
        var wt = window.Select(r => double.Parse(r.Tags["inflight"], CultureInfo.InvariantCulture)).ToArray();
        p1.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(wt.Select(Math.Log10).ToArray(), wt.Select(v => F(v)).ToArray());
        p1.Axes.Margins(0.1, 0.15);
        foreach (var p in new[] { p0, p1 })
        {
            var ys = p == p0 ? pool.Select(r => r.Throughput) : window.Select(r => r.Throughput);
            if (ys.Any())
            {
                p.Axes.SetLimitsY(0, ys.Max() * 1.15);
            }
        }

        mp.Layout = new ScottPlot.MultiplotLayouts.Columns();
        mp.SavePng(Path.Combine(c.ResultsDir, "scaling.png"), 1200, 480);
    }
}
