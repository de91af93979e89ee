using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using PushGrpc.Contracts.V1;
using Spectre.Console;

namespace PushGrpc.Cli;

/// <summary>
/// `pushgrpc bulk FILE`: every row of a CSV or NDJSON file through one SendStream, with live progress, every result
/// written to a file, and a summary table by status and reason at the end (also after Ctrl-C).
/// </summary>
internal static class BulkCommand
{
    /// <summary>How often progress lines are written when no terminal shows a live bar.</summary>
    internal static TimeSpan PlainProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

    public static Command Create(CliContext context)
    {
        var gateway = new GatewayOptions();
        var fields = new NotificationOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "CSV with a header row (token, and optionally app and notification fields: title, body, push_type, ...) or NDJSON (one object per line: flat fields, or {\"notification\": {...}} as grpcurl takes it)." };
        var app = new Option<string?>("--app") { Description = "The app for rows that name none." };
        var output = new Option<string?>("--output", "-o") { Description = "Results file (default: FILE.results.ndjson); .csv writes CSV." };
        var outputFormat = new Option<string?>("--output-format") { Description = "ndjson or csv (default: from the --output extension)." };
        var inputFormat = new Option<string?>("--input-format") { Description = "ndjson or csv (default: from the FILE extension)." };
        var window = new Option<int>("--window") { Description = "Results outstanding at most (the gateway's MaxInFlightPerStream bounds it too).", DefaultValueFactory = _ => 1000 };
        var command = new Command("bulk", "Send every row of FILE through SendStream, with progress, a results file and a summary.");
        gateway.AddTo(command);
        command.Arguments.Add(file);
        command.Options.Add(app);
        fields.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(outputFormat);
        command.Options.Add(inputFormat);
        command.Options.Add(window);

        command.SetAction(async (parse, _) =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                await context.Error.WriteLineAsync($"{input.FullName}: no such file").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (parse.GetValue(window) < 1)
            {
                await context.Error.WriteLineAsync("--window must be at least 1").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var outputPath = parse.GetValue(output) ?? input.FullName + ".results.ndjson";
            var bulkInput = new BulkInput(input.FullName, BulkInput.IsCsv(input.FullName, parse.GetValue(inputFormat)), parse.GetValue(app) ?? string.Empty, fields.Read(parse));
            long total;
            try
            {
                total = await bulkInput.CountRowsAsync(context.Abort).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitCodes.CallFailed;
            }

            using var channel = gateway.Connect(parse, context);
            var results = new ResultWriter(outputPath, BulkInput.IsCsv(outputPath, parse.GetValue(outputFormat)));
            using var sender = new BulkSender(new PushService.PushServiceClient(channel), gateway.Headers(parse, context), parse.GetValue(window), results, context);
            await using (results)
            {
                try
                {
                    await RunWithProgressAsync(sender, bulkInput, total, context).ConfigureAwait(false);
                }
                catch (FormatException ex)
                {
                    await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
            }

            WriteSummary(context, sender, total, outputPath);
            return sender.StreamError is { StatusCode: not StatusCode.Cancelled } ? ExitCodes.CallFailed
                : sender.Stopped || sender.StreamError is not null ? ExitCodes.Interrupted
                : sender.Summary.Accepted == sender.Summary.Total && sender.Skipped == 0 ? ExitCodes.Ok
                : ExitCodes.NotAllAccepted;
        });
        return command;
    }

    private static async Task RunWithProgressAsync(BulkSender sender, BulkInput input, long total, CliContext context)
    {
        if (context.Interactive)
        {
            await context.Console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("sending", maxValue: Math.Max(total, 1));
                    var run = sender.RunAsync(input.ReadAsync(context.Abort));
                    while (!run.IsCompleted)
                    {
                        Update(task, sender);
                        await Task.WhenAny(run, Task.Delay(200)).ConfigureAwait(false);
                    }

                    Update(task, sender);
                    await run.ConfigureAwait(false);
                }).ConfigureAwait(false);
            return;
        }

        var running = sender.RunAsync(input.ReadAsync(context.Abort));
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(PlainProgressInterval)).ConfigureAwait(false);
            if (!running.IsCompleted)
            {
                await context.Error.WriteLineAsync(ProgressLine(sender, total)).ConfigureAwait(false);
            }
        }

        await running.ConfigureAwait(false);
    }

    private static void Update(ProgressTask task, BulkSender sender)
    {
        task.Value = sender.Results;
        task.Description = string.Create(CultureInfo.InvariantCulture, $"sent {sender.SentNotifications:N0} · results {sender.Results:N0} · {Rate(sender):N0}/s");
    }

    internal static string ProgressLine(BulkSender sender, long total)
    {
        var rate = Rate(sender);
        var left = Math.Max(total - sender.Results - sender.Skipped, 0);
        var eta = rate > 0 ? TimeSpan.FromSeconds(left / rate).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--";
        return string.Create(CultureInfo.InvariantCulture,
            $"progress: sent {sender.SentNotifications}/{total}, results {sender.Results}, {rate:0}/s, ETA {eta}");
    }

    private static double Rate(BulkSender sender) =>
        sender.Elapsed.TotalSeconds > 0 ? sender.Results / sender.Elapsed.TotalSeconds : 0;

    private static void WriteSummary(CliContext context, BulkSender sender, long total, string outputPath)
    {
        context.Console.Write(sender.Summary.ToTable("results by status and reason"));
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{sender.SentNotifications} of {total} notifications sent, {sender.Results} results in {sender.Elapsed.TotalSeconds:0.0} s ({Rate(sender):0} results/s); results written to {outputPath}"),
        };
        if (sender.Skipped > 0)
        {
            lines.Add($"{sender.Skipped} rows skipped (unreadable; see the lines above)");
        }

        if (sender.Stopped)
        {
            lines.Add($"stopped by Ctrl-C: {total - sender.SentNotifications - sender.Skipped} rows not sent");
        }

        if (sender.StreamError is { } error)
        {
            lines.Add($"the stream ended early: {error.StatusCode}: {error.Status.Detail}; {sender.Missing} results missing (their fate is unknown)");
        }

        foreach (var line in lines)
        {
            context.Console.Profile.Out.Writer.WriteLine(line);
        }
    }
}
