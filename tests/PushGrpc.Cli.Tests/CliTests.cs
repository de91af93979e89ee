using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PushGrpc.ApnsSimulator;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Cli.Tests;

/// <summary>`pushgrpc send`, `bulk` and `check` against a live gateway (embedded simulator), without a terminal.</summary>
public sealed class CliTests(CliGatewayFixture gateway) : IClassFixture<CliGatewayFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pushgrpc-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Send_OneToken_PrintsAcceptedResultAndExitsZero()
    {
        var token = NewToken();

        var run = await CliRun.RunAsync(["send", "--address", gateway.GrpcAddress, "--app", "demo", "--token", token, "--title", "Hi", "--body", "there"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(token, run.Output, StringComparison.Ordinal);
        Assert.Contains("ACCEPTED", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_MulticastWithRejectedToken_PrintsJsonAndExitsTwo()
    {
        var run = await CliRun.RunAsync(
            ["send", "-a", gateway.GrpcAddress, "--app", "demo", "-t", NewToken(), "-t", MagicTokens.BadDeviceToken, "--body", "x", "--badge", "3", "--json"]);

        Assert.Equal(2, run.ExitCode);
        var results = JsonDocument.Parse(run.Output).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();
        Assert.Equal(["DELIVERY_STATUS_ACCEPTED", "DELIVERY_STATUS_REJECTED"], results);
    }

    [Fact]
    public async Task Send_BadFlag_ExitsWithUsageError()
    {
        var run = await CliRun.RunAsync(["send", "-a", gateway.GrpcAddress, "--app", "demo", "-t", NewToken(), "--push-type", "telepathy"]);

        Assert.Equal(64, run.ExitCode);
        Assert.Contains("push_type", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("voip", PushType.Voip)]
    [InlineData("LiveActivity", PushType.Liveactivity)]
    [InlineData("file_provider", PushType.Fileprovider)]
    [InlineData("PUSH_TYPE_PUSHTOTALK", PushType.Pushtotalk)]
    public void PushType_ANameInAnyCaseOrItsProtoName_IsRead(string flag, PushType expected) =>
        Assert.Equal(expected, new NotificationFields { PushType = flag }.ToNotification("demo", ["aa"]).PushType);

    [Theory]
    [InlineData("push_type", "4")]
    [InlineData("push_type", "unspecified")]
    [InlineData("push_type", "alert,background")]
    [InlineData("event", "2")]
    [InlineData("event", "LIVE_ACTIVITY_EVENT_UNSPECIFIED")]
    public void EnumFields_NumbersListsAndUnspecified_AreRefusedNamingTheField(string field, string value)
    {
        var fields = field == "event" ? new NotificationFields { Event = value } : new NotificationFields { PushType = value };

        var error = Assert.Throws<FormatException>(() => fields.ToNotification("demo", ["aa"]));

        Assert.StartsWith(field + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotificationFlags_EachSetsWhatItsBulkColumnSets()
    {
        var options = new NotificationOptions();
        var command = new Command("send");
        options.AddTo(command);

        foreach (var field in NotificationFields.All)
        {
            var value = field.IsSwitch ? "true" : "value of " + field.Name;
            var parse = command.Parse(field.IsSwitch ? [field.Flag] : [field.Flag, value]);

            var read = options.Read(parse);

            Assert.Empty(parse.Errors);
            Assert.NotEqual(new NotificationFields(), read);
            Assert.Equal(new NotificationFields().With(new Dictionary<string, string?> { [field.Name] = value }), read);
        }
    }

    [Fact]
    public async Task Bulk_CsvOf10000Rows_Writes10000ResultRowsAndTheSummary()
    {
        const int rows = 10_000;
        var input = Path.Combine(_directory, "tokens.csv");
        var csv = new StringBuilder("token,title,body\n");
        for (var i = 0; i < rows; i++)
        {
            var token = i % 1000 == 0 ? MagicTokens.BadDeviceToken : NewToken();
            csv.Append(CultureInfo.InvariantCulture, $"{token},Hello,\"row {i}, quoted\"\n");
        }

        await File.WriteAllTextAsync(input, csv.ToString());
        var output = Path.Combine(_directory, "results.ndjson");

        var run = await CliRun.RunAsync(["bulk", input, "-a", gateway.GrpcAddress, "--app", "demo", "-o", output]);

        Assert.Equal(2, run.ExitCode);
        var results = (await File.ReadAllLinesAsync(output)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(rows, results.Count);
        Assert.Equal(rows - 10, results.Count(r => r.GetProperty("status").GetString() == "DELIVERY_STATUS_ACCEPTED"));
        Assert.Equal(10, results.Count(r => r.GetProperty("reason").GetString() == "BadDeviceToken"));
        Assert.Matches(@"ACCEPTED\s*│\s*-\s*│\s*9990", run.Output);
        Assert.Matches(@"REJECTED\s*│\s*BadDeviceToken\s*│\s*10\b", run.Output);
        Assert.Matches(@"total\s*│\s*│\s*10000", run.Output);
        Assert.Contains("10000 of 10000 notifications sent, 10000 results", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_NdjsonWithGrpcurlLinesFlatRowsAndABadLine_WritesCsvAndSkipsTheBadLine()
    {
        var input = Path.Combine(_directory, "notifications.ndjson");
        var lines = new[]
        {
            "{\"notification\":{\"id\":\"g-1\",\"app\":\"demo\",\"device_tokens\":[\"" + NewToken() + "\",\"" + NewToken() + "\"],\"aps\":{\"alert\":{\"body\":\"grpcurl style\"}}}}",
            $$"""{"token":"{{NewToken()}}","id":"f-1","title":"flat","badge":2,"data":"{\"order\":42}"}""",
            """{"token": 12""",
            $$"""{"token":"{{MagicTokens.Unregistered}}","id":"f-2","content_available":true}""",
        };
        await File.WriteAllLinesAsync(input, lines);
        var output = Path.Combine(_directory, "results.csv");

        var run = await CliRun.RunAsync(["bulk", input, "-a", gateway.GrpcAddress, "--app", "demo", "--output", output]);

        Assert.Equal(2, run.ExitCode);
        var csv = await File.ReadAllLinesAsync(output);
        Assert.Equal("notification_id,device_token,status,http_status,reason,apns_id,attempts,possibly_duplicated,token_invalid_since,message", csv[0]);
        Assert.Equal(5, csv.Length);
        Assert.Equal(2, csv.Count(l => l.StartsWith("g-1,", StringComparison.Ordinal) && l.Contains(",ACCEPTED,200,", StringComparison.Ordinal)));
        Assert.Contains(csv, l => l.StartsWith("f-1,", StringComparison.Ordinal) && l.Contains(",ACCEPTED,", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("f-2,", StringComparison.Ordinal) && l.Contains(",REJECTED,410,Unregistered,", StringComparison.Ordinal));
        Assert.Contains("line 3: skipped", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 rows skipped", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_StoppedMidway_DrainsOutstandingResultsAndStillWritesTheSummary()
    {
        const int rows = 60_000;
        var input = Path.Combine(_directory, "many.csv");
        var csv = new StringBuilder("token\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(NewToken()).Append('\n');
        }

        await File.WriteAllTextAsync(input, csv.ToString());
        var output = Path.Combine(_directory, "many.ndjson");
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            // Ctrl-C once results are flowing.
            while (!File.Exists(output) || new FileInfo(output).Length < 100_000)
            {
                await Task.Delay(20);
            }

            await stop.CancelAsync();
        });

        var run = await CliRun.RunAsync(["bulk", input, "-a", gateway.GrpcAddress, "--app", "demo", "-o", output, "--body", "x"], stopSending: stop.Token);
        await watcher.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(130, run.ExitCode);
        var sent = int.Parse(System.Text.RegularExpressions.Regex.Match(run.Output, @"(\d+) of 60000 notifications sent, (\d+) results").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(sent, 1, rows - 1);
        Assert.Equal(sent, (await File.ReadAllLinesAsync(output)).Length);
        Assert.Contains($"{sent} of 60000 notifications sent, {sent} results", run.Output, StringComparison.Ordinal);
        Assert.Contains("stopped by Ctrl-C", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"total\s*│\s*│\s*" + sent.ToString(CultureInfo.InvariantCulture), run.Output);
    }

    [Fact]
    public async Task Check_GatewayAndDemoApp_AreServing()
    {
        var run = await CliRun.RunAsync(["check", "-a", gateway.GrpcAddress, "--app", "demo", "--http", gateway.HttpAddress]);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"\(gateway\)\s*│\s*SERVING", run.Output);
        Assert.Matches(@"demo\s*│\s*SERVING", run.Output);
        Assert.Contains("/readyz", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UnknownApp_IsReportedAndExitsTwo()
    {
        var run = await CliRun.RunAsync(["check", "-a", gateway.GrpcAddress, "--app", "no-such-app"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"no-such-app\s*│\s*UNKNOWN", run.Output);
    }

    private static string NewToken() => RandomNumberGenerator.GetHexString(64, lowercase: true);
}
