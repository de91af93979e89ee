using Grpc.Core;
using PushGrpc.Client;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Examples;

/// <summary>
/// Streams one notification per device token of a file through SendStream and prints a summary.
/// <code>
/// send [--address HOST:PORT] [--tls] [--ca FILE] [--app NAME] --tokens FILE [--title T] [--body B]
///      [--push-type alert|background|voip|...] [--window N]
/// </code>
/// Exit status: 0 when the stream completed (whatever the results), 1 on a transport or gRPC error, 2 on bad usage.
/// </summary>
public static class SendCommand
{
    private const string Usage =
        "usage: send [--address HOST:PORT] [--tls] [--ca FILE] [--app NAME] --tokens FILE [--title T] [--body B]" +
        " [--push-type alert|background|voip|...] [--window N]";

    /// <summary>Runs the example; returns the exit status.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!ExampleFlags.TryParse(
                args, ["--tokens", "--title", "--body", "--push-type", "--window"], [], out var flags, out var error))
        {
            return UsageError(stderr, error);
        }

        var tokensFile = flags.Get("--tokens");
        var pushTypeName = flags.Get("--push-type") ?? "alert";
        var window = 1000;
        if (flags.Get("--window") is { } windowValue && (!int.TryParse(windowValue, out window) || window < 1))
        {
            return UsageError(stderr, "--window must be a number of at least 1");
        }

        if (tokensFile is null)
        {
            return UsageError(stderr, "--tokens is required");
        }

        // "voip" -> PushType.Voip; the enum names follow apns-push-type ("liveactivity", "pushtotalk", ...).
        var pushType = Enum.GetValues<PushType>().FirstOrDefault(
            t => string.Equals(t.ToString(), pushTypeName, StringComparison.OrdinalIgnoreCase));
        if (pushType == PushType.Unspecified)
        {
            return UsageError(stderr, $"unknown push type {pushTypeName}");
        }

        string[] tokens;
        try
        {
            tokens = (await File.ReadAllLinesAsync(tokensFile)).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"send: cannot read {tokensFile}: {e.Message}");
            return 2;
        }

        var aps = new Aps { ContentAvailable = pushType == PushType.Background };
        string title = flags.Get("--title") ?? "", body = flags.Get("--body") ?? "";
        if (title.Length > 0 || body.Length > 0)
        {
            aps.Alert = new Alert { Title = title, Body = body };
        }

        var notifications = tokens.Select((token, i) => new Notification
        {
            Id = $"n{i + 1}",
            App = flags.App,
            DeviceTokens = { token },
            PushType = pushType,
            Aps = aps,
        });

        var summary = new Summary { Sent = tokens.Length };
        try
        {
            using var client = flags.Connect();
            await foreach (var (_, result) in client.SendStreamAsync(notifications, window))
            {
                summary.Add(result);
            }
        }
        catch (RpcException e)
        {
            await stderr.WriteLineAsync($"send: {e.Status}");
            return 1;
        }

        await summary.PrintAsync(stdout);
        return 0;
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"send: {message}");
        stderr.WriteLine(Usage);
        return 2;
    }

    // Counts results by status, and rejections by APNs reason.
    private sealed class Summary
    {
        private readonly SortedDictionary<string, int> _reasons = new(StringComparer.Ordinal);
        private int _accepted, _rejected, _failed, _invalid;

        public int Sent { get; init; }

        public void Add(DeliveryResult result)
        {
            switch (result.Status)
            {
                case DeliveryStatus.Accepted: _accepted++; break;
                case DeliveryStatus.Rejected:
                    _rejected++;
                    var reason = result.Reason.Length > 0 ? result.Reason : "unknown";
                    _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
                    break;
                case DeliveryStatus.Failed: _failed++; break;
                case DeliveryStatus.Invalid: _invalid++; break;
            }
        }

        public async Task PrintAsync(TextWriter stdout)
        {
            await stdout.WriteLineAsync($"sent: {Sent}");
            await stdout.WriteLineAsync($"accepted: {_accepted}");
            if (_rejected > 0)
            {
                var reasons = string.Join(", ", _reasons.Select(r => $"{r.Key}: {r.Value}"));
                await stdout.WriteLineAsync($"rejected: {_rejected} ({reasons})");
            }

            await stdout.WriteLineAsync($"failed: {_failed}");
            await stdout.WriteLineAsync($"invalid: {_invalid}");
            await stdout.FlushAsync();
        }
    }
}
