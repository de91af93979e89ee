using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PushGrpc.Bench;

/// <summary>CPU and peak memory of one process as seen in /proc: one measurement window.</summary>
public sealed class ProcUsage
{
    public int Pid { get; set; }
    public double CpuSeconds { get; set; }
    public double UserSeconds { get; set; }
    public double SystemSeconds { get; set; }
    public double PeakRssMb { get; set; }
}

/// <summary>One system's measured pass (one round).</summary>
public sealed class RunResult
{
    public string System { get; set; } = "";
    public int Round { get; set; }
    public int N { get; set; }
    public long Results { get; set; }
    public long Accepted { get; set; }
    public Dictionary<string, long> Statuses { get; set; } = new();
    public double ElapsedSeconds { get; set; }
    public double Throughput { get; set; }
    public double P50Ms { get; set; }
    public double P90Ms { get; set; }
    public double P99Ms { get; set; }
    public double P999Ms { get; set; }
    public double MeanMs { get; set; }
    public long MaxOutstanding { get; set; }

    /// <summary>Role (gateway, simulator, loadgen, client, h2load) to its usage during the measured window.</summary>
    public Dictionary<string, ProcUsage> Processes { get; set; } = new();
    public string Settings { get; set; } = "";
    public string? Error { get; set; }
    public double LoadAverage { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new();

    [JsonIgnore]
    public bool Ok => Error is null && Results == N && Accepted == N;
}

public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>Reads utime+stime (field 14, 15 of /proc/pid/stat) and VmHWM (/proc/pid/status).</summary>
public static class Proc
{
    private const double ClockTicks = 100.0; // sysconf(_SC_CLK_TCK) on Linux x86_64/arm64

    public static (double User, double System)? ReadCpu(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // rest[0] is field 3 (state); utime is field 14 -> rest[11], stime field 15 -> rest[12]
            return (long.Parse(rest[11], CultureInfo.InvariantCulture) / ClockTicks,
                long.Parse(rest[12], CultureInfo.InvariantCulture) / ClockTicks);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static double ReadPeakRssMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }
}

/// <summary>Samples several processes at the start and the end of a measured window.</summary>
public sealed class ProcSampler
{
    private readonly Dictionary<string, int> _pids;
    private readonly Dictionary<string, (double User, double System)> _start = new();

    public ProcSampler(Dictionary<string, int> pids) => _pids = pids;

    /// <summary>"gateway=123,simulator=456"; "self" means this process.</summary>
    public static ProcSampler Parse(string? spec)
    {
        var pids = new Dictionary<string, int>();
        foreach (var part in (spec ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=');
            pids[kv[0]] = kv[1] == "self" ? Environment.ProcessId : int.Parse(kv[1], CultureInfo.InvariantCulture);
        }

        return new ProcSampler(pids);
    }

    public void Start()
    {
        foreach (var (role, pid) in _pids)
        {
            if (Proc.ReadCpu(pid) is { } cpu)
            {
                _start[role] = cpu;
            }
        }
    }

    public Dictionary<string, ProcUsage> Stop()
    {
        var result = new Dictionary<string, ProcUsage>();
        foreach (var (role, pid) in _pids)
        {
            if (Proc.ReadCpu(pid) is { } end && _start.TryGetValue(role, out var start))
            {
                result[role] = new ProcUsage
                {
                    Pid = pid,
                    UserSeconds = end.User - start.User,
                    SystemSeconds = end.System - start.System,
                    CpuSeconds = end.User - start.User + end.System - start.System,
                    PeakRssMb = Proc.ReadPeakRssMb(pid),
                };
            }
        }

        return result;
    }
}

public static class Latency
{
    /// <summary>Fills percentiles (ms) from Stopwatch tick durations; sorts the array.</summary>
    public static void Fill(RunResult result, long[] ticks, int count)
    {
        if (count == 0)
        {
            return;
        }

        Array.Sort(ticks, 0, count);
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        double At(double p) => Ms(ticks[Math.Clamp((int)Math.Ceiling(p * count) - 1, 0, count - 1)]);
        result.P50Ms = At(0.50);
        result.P90Ms = At(0.90);
        result.P99Ms = At(0.99);
        result.P999Ms = At(0.999);
        double sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += ticks[i];
        }

        result.MeanMs = Ms((long)(sum / count));
    }

    public static void FillFromMs(RunResult result, double[] ms)
    {
        if (ms.Length == 0)
        {
            return;
        }

        Array.Sort(ms);
        double At(double p) => ms[Math.Clamp((int)Math.Ceiling(p * ms.Length) - 1, 0, ms.Length - 1)];
        result.P50Ms = At(0.50);
        result.P90Ms = At(0.90);
        result.P99Ms = At(0.99);
        result.P999Ms = At(0.999);
        result.MeanMs = ms.Average();
    }
}

public static class Tokens
{
    /// <summary>Random 64-hex device tokens; never a simulator "magic" token (those start with ffffffff0).</summary>
    public static string[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var tokens = new string[count];
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < count; i++)
        {
            rng.NextBytes(bytes);
            bytes[0] &= 0x7f;
            tokens[i] = Convert.ToHexStringLower(bytes);
        }

        return tokens;
    }
}

public static class Warmup
{
    /// <summary>
    /// Notifications sent before the measured pass, in the same process: half of N (1,000..100,000). A gateway runs
    /// for days, so what counts is its steady state; with a tenth of N the measured pass still paid for the tier-1
    /// JIT of hot framework code (gateway 5.9 CPU-s/100k with N/10 vs 4.5 after a 100k warm-up, same build).
    /// </summary>
    public static int For(int n) => Math.Clamp(n / 2, 1_000, 100_000);
}

public static class Payload
{
    public const string Title = "Bench";
    public const string Body = "Hello from the PushGrpc benchmark";

    /// <summary>What every system sends: {"aps":{"alert":{"title":...,"body":...}}}.</summary>
    public static readonly string Json = "{\"aps\":{\"alert\":{\"title\":\"" + Title + "\",\"body\":\"" + Body + "\"}}}";
}

/// <summary>What a calibration client sends, from its arguments: where, trusting which CA, with which token and body.</summary>
public sealed record DirectTarget(string Topic, Uri BaseAddress, X509Certificate2 Ca, string Jwt, byte[] Payload)
{
    public static DirectTarget From(Args args) => new(
        args.Str("topic", "com.pushgrpc.bench"),
        new Uri(args.Str("base", "https://127.0.0.1:443")),
        X509Certificate2.CreateFromPem(File.ReadAllText(args.Str("ca", ""))),
        PushGrpc.Bench.Jwt.Create(args.Str("key", ""), args.Str("team", ""), args.Str("kid", "")),
        Encoding.UTF8.GetBytes(PushGrpc.Bench.Payload.Json));

    /// <summary>The simulator's CA as the only root, as the gateway and the library trust it.</summary>
    public X509ChainPolicy TrustPolicy() => new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        CustomTrustStore = { Ca },
        RevocationMode = X509RevocationMode.NoCheck,
    };
}

public static class Jwt
{
    /// <summary>An ES256 provider token (raw R||S signature), as APNs expects it.</summary>
    public static string Create(string p8Path, string teamId, string keyId)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(p8Path));
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(Encoding.UTF8.GetBytes($"{{\"alg\":\"ES256\",\"kid\":\"{keyId}\"}}"));
        var claims = B64(Encoding.UTF8.GetBytes($"{{\"iss\":\"{teamId}\",\"iat\":{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}}"));
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + claims), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return header + "." + claims + "." + B64(signature);
    }
}

/// <summary>--key value arguments and --flag switches.</summary>
public sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    _values[pending] = "true";
                }

                var eq = a.IndexOf('=');
                if (eq > 0)
                {
                    _values[a[2..eq]] = a[(eq + 1)..];
                    pending = null;
                }
                else
                {
                    pending = a[2..];
                }
            }
            else if (pending is not null)
            {
                _values[pending] = a;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{a}'");
            }
        }

        if (pending is not null)
        {
            _values[pending] = "true";
        }
    }

    public string? Get(string key) => _values.TryGetValue(key, out var v) ? v : null;

    public string Str(string key, string fallback) => Get(key) ?? fallback;

    public int Int(string key, int fallback) => Get(key) is { } v ? int.Parse(v.Replace("_", ""), CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string key) => Get(key) is { } v && v != "false";

    public int[] Ints(string key, int[] fallback) =>
        Get(key) is { } v ? v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : fallback;
}
