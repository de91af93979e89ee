using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;
using Simulator = PushGrpc.ApnsSimulator.ApnsSimulator;

// Soak: N notifications over many SendStreams through a real gateway process to an in-process simulator that switches
// random faults on and off. Every notification must get exactly one result; none may be accepted twice unless its
// result says possibly duplicated. Exit code 1 when anything was lost or duplicated unmarked.
var settings = SoakSettings.Parse(args);
Console.WriteLine($"soak: {settings.Notifications:N0} notifications, {settings.Streams} streams, window {settings.Window}, faults every {settings.FaultInterval.TotalSeconds:0.#} s");

await using var simulator = await Simulator.StartAsync(new ApnsSimulatorOptions { RecordPayloads = false });
using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using (var publicKey = ECDsa.Create(signingKey.ExportParameters(false)))
{
    simulator.AddSigningKey("SOAKTEAM01", "SOAKKEY001", publicKey, "com.example.soak");
}

var directory = Directory.CreateTempSubdirectory("pushgrpc-soak-").FullName;
var keyFile = Path.Combine(directory, "AuthKey.p8");
var caFile = Path.Combine(directory, "ca.pem");
await File.WriteAllTextAsync(keyFile, signingKey.ExportPkcs8PrivateKeyPem());
await File.WriteAllTextAsync(caFile, simulator.CaCertificate.ExportCertificatePem());

var port = FreePort();
using var gateway = StartGateway(settings.GatewayDll, port, simulator.BaseAddress, caFile, keyFile);
try
{
    using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
    var client = new PushService.PushServiceClient(channel);
    await WaitUntilServingAsync(client, gateway);
    var rssAtStart = ReadRssMegabytes(gateway.Id);

    using var stop = new CancellationTokenSource();
    var faults = SwitchFaultsAsync(simulator, settings.FaultInterval, stop.Token);
    var answered = new StrongBox<int>();
    var rssByTenth = SampleRssByTenthAsync(gateway.Id, answered, settings.Notifications, stop.Token);
    var clock = Stopwatch.StartNew();
    var perStream = settings.Notifications / settings.Streams;
    var streams = Enumerable.Range(0, settings.Streams)
        .Select(s => RunStreamAsync(client, s, s == 0 ? settings.Notifications - (perStream * (settings.Streams - 1)) : perStream, settings.Window, answered))
        .ToArray();
    var results = (await Task.WhenAll(streams)).SelectMany(r => r).ToList();
    clock.Stop();
    await stop.CancelAsync();
    await faults;
    var rssDuringRun = await rssByTenth;
    simulator.Faults.Clear();
    var rssAtEnd = ReadRssMegabytes(gateway.Id);

    var report = Report.Build(settings.Notifications, results, simulator.Records, simulator.Faults.Injected);
    report.Print(clock.Elapsed, rssAtStart, rssDuringRun, rssAtEnd);
    Report.ExplainUnmarkedDuplicates(results, simulator.Records);
    return report.Lost == 0 && report.Repeated == 0 && report.UnmarkedDuplicates == 0 && report.AcceptedWithoutRecord == 0 ? 0 : 1;
}
finally
{
    gateway.Kill(entireProcessTree: true);
    await gateway.WaitForExitAsync();
    Directory.Delete(directory, recursive: true);
}

static async Task<List<DeliveryResult>> RunStreamAsync(PushService.PushServiceClient client, int stream, int count, int window, StrongBox<int> answered)
{
    var results = new List<DeliveryResult>(count);
    using var call = client.SendStream();
    using var slots = new SemaphoreSlim(window);
    var reader = Task.Run(async () =>
    {
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            results.Add(response.Result);
            Interlocked.Increment(ref answered.Value);
            slots.Release();
        }
    });
    for (var i = 0; i < count; i++)
    {
        await slots.WaitAsync();
        await call.RequestStream.WriteAsync(new SendStreamRequest
        {
            Notification = new Notification
            {
                Id = $"{stream}-{i}",
                App = "soak",
                DeviceTokens = { RandomNumberGenerator.GetHexString(64, lowercase: true) },
                Aps = new Aps { Alert = new Alert { Title = "Soak", Body = "notification " + i.ToString(CultureInfo.InvariantCulture) } },
            },
        });
    }

    await call.RequestStream.CompleteAsync();
    await reader;
    return results;
}

// Every interval: clear the faults and switch on one or two at random, at rates a bad day at APNs might show (the
// one-stream start only shapes the connections opened while it is on, after a GOAWAY or a reset).
static async Task SwitchFaultsAsync(Simulator simulator, TimeSpan interval, CancellationToken stop)
{
    FaultRule[] menu =
    [
        new(FaultKind.InternalServerError) { Fraction = 0.02 },
        new(FaultKind.ServiceUnavailable) { Fraction = 0.02, RetryAfter = 1 },
        new(FaultKind.TooManyRequests) { Fraction = 0.01 },
        new(FaultKind.RefusedStream) { Fraction = 0.01 },
        new(FaultKind.SlowAnswer) { Fraction = 0.01, Delay = TimeSpan.FromMilliseconds(300) },
        new(FaultKind.NoAnswer) { Count = 3 },
        new(FaultKind.GoAway) { Count = 1 },
        new(FaultKind.ConnectionReset) { Count = 1 },
        new(FaultKind.OneStreamUntilFirstAcceptedPush),
    ];
    try
    {
        while (true)
        {
            simulator.Faults.Clear();
            for (var i = 0; i < 1 + Random.Shared.Next(2); i++)
            {
                simulator.Faults.Add(menu[Random.Shared.Next(menu.Length)]);
            }

            await Task.Delay(interval, stop);
        }
    }
    catch (OperationCanceledException)
    {
    }
}

static Process StartGateway(string dll, int port, Uri simulator, string caFile, string keyFile)
{
    var start = new ProcessStartInfo("dotnet", [dll])
    {
        WorkingDirectory = Path.GetDirectoryName(dll)!,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{port}";
    start.Environment["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0";
    start.Environment["PushGrpc__Simulator__Enabled"] = "false";
    start.Environment["PushGrpc__Auth__AllowUnauthenticated"] = "true";
    start.Environment["PushGrpc__Apps__soak__Topic"] = "com.example.soak";
    start.Environment["PushGrpc__Apps__soak__BaseAddress"] = simulator.ToString();
    start.Environment["PushGrpc__Apps__soak__CaCertificateFile"] = caFile;
    start.Environment["PushGrpc__Apps__soak__RequestTimeout"] = "00:00:02";
    start.Environment["PushGrpc__Apps__soak__Token__TeamId"] = "SOAKTEAM01";
    start.Environment["PushGrpc__Apps__soak__Token__KeyId"] = "SOAKKEY001";
    start.Environment["PushGrpc__Apps__soak__Token__KeyFile"] = keyFile;
    var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the gateway");
    process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine("gateway: " + e.Data); };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine("gateway: " + e.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitUntilServingAsync(PushService.PushServiceClient client, Process gateway)
{
    for (var attempt = 0; attempt < 120; attempt++)
    {
        if (gateway.HasExited)
        {
            throw new InvalidOperationException($"the gateway exited with code {gateway.ExitCode}");
        }

        try
        {
            await client.SendAsync(new SendRequest { Notification = new Notification { App = "soak" } }, deadline: DateTime.UtcNow.AddSeconds(2));
            return;
        }
        catch (RpcException)
        {
            await Task.Delay(500);
        }
    }

    throw new TimeoutException("the gateway did not start within a minute");
}

// The gateway's RSS when 10%, 20% ... 90% of the results are in (the end is read after the run): "flat across the run"
// is a claim about this series, not about the idle gateway at the start against the warm one at the end.
static async Task<List<double>> SampleRssByTenthAsync(int gatewayPid, StrongBox<int> answered, int total, CancellationToken stop)
{
    var samples = new List<double>();
    try
    {
        while (samples.Count < 9)
        {
            if (Volatile.Read(ref answered.Value) >= (long)total * (samples.Count + 1) / 10)
            {
                samples.Add(ReadRssMegabytes(gatewayPid));
                continue;
            }

            await Task.Delay(100, stop);
        }
    }
    catch (OperationCanceledException)
    {
    }

    return samples;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static double ReadRssMegabytes(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

internal sealed record SoakSettings(int Notifications, int Streams, int Window, TimeSpan FaultInterval, string GatewayDll)
{
    public static SoakSettings Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new SoakSettings(
            int.Parse(Value("notifications", "1000000"), CultureInfo.InvariantCulture),
            int.Parse(Value("streams", "8"), CultureInfo.InvariantCulture),
            int.Parse(Value("window", "1000"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Value("fault-interval", "2"), CultureInfo.InvariantCulture)),
            Path.GetFullPath(Value("gateway", "src/PushGrpc.Server/bin/Release/net10.0/PushGrpc.Server.dll")));
    }
}

internal sealed record Report(
    int Sent, int Results, int Accepted, int Rejected, int Failed, int Invalid, int PossiblyDuplicated,
    int Duplicates, int UnmarkedDuplicates, int AcceptedWithoutRecord, int Lost, int Repeated, IReadOnlyDictionary<FaultKind, int> Faults)
{
    /// <summary>For each notification APNs accepted twice without the mark: what the simulator saw of each copy, and the result.</summary>
    public static void ExplainUnmarkedDuplicates(List<DeliveryResult> results, IReadOnlyCollection<SimulatorRecord> records)
    {
        var byApnsId = records.GroupBy(r => r.ApnsId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.ReceivedAt).ToList());
        foreach (var result in results.Where(r => !r.PossiblyDuplicated && byApnsId.GetValueOrDefault(r.ApnsId)?.Count(c => c.Accepted) > 1).Take(10))
        {
            Console.WriteLine($"unmarked duplicate {result.ApnsId}: result {result.Status}, {result.Attempts} attempts, HTTP {result.HttpStatus} {result.Reason}, '{result.Message}'");
            foreach (var copy in byApnsId[result.ApnsId])
            {
                Console.WriteLine($"  {copy.ReceivedAt:HH:mm:ss.fff} connection {copy.ConnectionId} status {copy.Status} fault {copy.Fault?.ToString() ?? "-"}");
            }
        }
    }

    public static Report Build(int sent, List<DeliveryResult> results, IEnumerable<SimulatorRecord> records, IReadOnlyDictionary<FaultKind, int> faults)
    {
        var acceptedTimes = records.Where(r => r.Accepted).GroupBy(r => r.ApnsId).ToDictionary(g => g.Key, g => g.Count());
        var byStatus = results.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        var accepted = results.Where(r => r.Status == DeliveryStatus.Accepted).ToList();
        var answered = results.Select(r => r.NotificationId).Distinct().Count();
        return new Report(
            sent,
            results.Count,
            byStatus.GetValueOrDefault(DeliveryStatus.Accepted),
            byStatus.GetValueOrDefault(DeliveryStatus.Rejected),
            byStatus.GetValueOrDefault(DeliveryStatus.Failed),
            byStatus.GetValueOrDefault(DeliveryStatus.Invalid),
            results.Count(r => r.PossiblyDuplicated),
            acceptedTimes.Values.Count(times => times > 1),
            results.Count(r => !r.PossiblyDuplicated && acceptedTimes.GetValueOrDefault(r.ApnsId) > 1),
            accepted.Count(r => acceptedTimes.GetValueOrDefault(r.ApnsId) == 0),
            sent - answered,
            results.Count - answered,
            faults);
    }

    public void Print(TimeSpan elapsed, double rssStartMb, IReadOnlyList<double> rssByTenthMb, double rssEndMb)
    {
        Console.WriteLine($"sent:                    {Sent:N0}");
        Console.WriteLine($"results:                 {Results:N0}  ({Sent / elapsed.TotalSeconds:N0}/s over {elapsed.TotalSeconds:N1} s)");
        Console.WriteLine($"accepted:                {Accepted:N0}");
        Console.WriteLine($"rejected:                {Rejected:N0}");
        Console.WriteLine($"failed:                  {Failed:N0}");
        Console.WriteLine($"invalid:                 {Invalid:N0}");
        Console.WriteLine($"possibly duplicated:     {PossiblyDuplicated:N0}");
        Console.WriteLine($"duplicates at APNs:      {Duplicates:N0}  (unmarked: {UnmarkedDuplicates:N0}, must be 0)");
        Console.WriteLine($"accepted, not at APNs:   {AcceptedWithoutRecord:N0}  (must be 0)");
        Console.WriteLine($"lost:                    {Lost:N0}  (must be 0)");
        Console.WriteLine($"answered twice:          {Repeated:N0}  (must be 0)");
        Console.WriteLine($"gateway RSS:             {rssStartMb:N0} MB at start, {rssEndMb:N0} MB at end");
        Console.WriteLine($"  at 10%, 20% ... 90% of results: {string.Join(", ", rssByTenthMb.Select(mb => mb.ToString("N0", CultureInfo.InvariantCulture)))} MB");
        Console.WriteLine("faults injected:         " + string.Join(", ", Faults.Where(f => f.Value > 0).Select(f => $"{f.Key} {f.Value:N0}")));
    }
}
