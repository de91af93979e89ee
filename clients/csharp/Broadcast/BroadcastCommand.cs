using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PushGrpc.Client;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Examples;

/// <summary>
/// Updates a Live Activity through a broadcast channel: creates a channel (or uses <c>--channel</c>), broadcasts an
/// update with the given content state, then optionally ends the activity and deletes the channel, printing each
/// step's result.
/// <code>
/// broadcast --content-state JSON [--address HOST:PORT] [--tls] [--ca FILE] [--app NAME]
///           [--channel ID | --storage no-message-stored|most-recent-message-stored] [--title T] [--body B]
///           [--end] [--delete]
/// </code>
/// Exit status: 0 when every step was accepted, 1 when one was not or on a transport or gRPC error, 2 on bad usage.
/// </summary>
public static class BroadcastCommand
{
    private const string Usage =
        "usage: broadcast --content-state JSON [--address HOST:PORT] [--tls] [--ca FILE] [--app NAME]" +
        " [--channel ID | --storage no-message-stored|most-recent-message-stored] [--title T] [--body B]" +
        " [--end] [--delete]";

    private static readonly Dictionary<string, MessageStoragePolicy> Policies = new(StringComparer.Ordinal)
    {
        ["no-message-stored"] = MessageStoragePolicy.NoMessageStored,
        ["most-recent-message-stored"] = MessageStoragePolicy.MostRecentMessageStored,
    };

    /// <summary>Runs the example; returns the exit status.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!ExampleFlags.TryParse(
                args,
                ["--channel", "--storage", "--content-state", "--title", "--body"],
                ["--end", "--delete"],
                out var flags,
                out var error))
        {
            return UsageError(stderr, error);
        }

        var app = flags.App;
        var channelId = flags.Get("--channel");
        var contentStateJson = flags.Get("--content-state");
        var storage = flags.Get("--storage") ?? "no-message-stored";
        if (!Policies.TryGetValue(storage, out var policy))
        {
            return UsageError(stderr, $"unknown storage policy {storage}");
        }

        if (contentStateJson is null)
        {
            return UsageError(stderr, "--content-state is required");
        }

        Struct contentState;
        try
        {
            contentState = Struct.Parser.ParseJson(contentStateJson);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            return UsageError(stderr, $"--content-state must be a JSON object: {e.Message}");
        }

        string title = flags.Get("--title") ?? "", body = flags.Get("--body") ?? "";
        var alert = title.Length > 0 || body.Length > 0 ? new Alert { Title = title, Body = body } : null;
        try
        {
            using var client = flags.Connect();
            if (channelId is null)
            {
                var created = await client.CreateChannelAsync(app, policy);
                if (!await AcceptedAsync("create", Outcome.Of(created.Result)))
                {
                    return 1;
                }

                channelId = created.Channel.Id;
            }

            await stdout.WriteLineAsync($"channel: {channelId}");
            var update = LiveActivity.Broadcast(app, channelId, contentState);
            update.Aps.Alert = alert;
            if (!await AcceptedAsync("update", Outcome.Of(await client.BroadcastAsync(update))))
            {
                return 1;
            }

            if (flags.Has("--end"))
            {
                var ending = LiveActivity.Broadcast(app, channelId, contentState, LiveActivityEvent.End);
                ending.Aps.Alert = alert;
                if (!await AcceptedAsync("end", Outcome.Of(await client.BroadcastAsync(ending))))
                {
                    return 1;
                }
            }

            if (flags.Has("--delete"))
            {
                var deleted = await client.DeleteChannelAsync(app, channelId);
                if (!await AcceptedAsync("delete", Outcome.Of(deleted.Result)))
                {
                    return 1;
                }
            }

            return 0;
        }
        catch (RpcException e)
        {
            await stderr.WriteLineAsync($"broadcast: {e.Status}");
            return 1;
        }

        // Prints the step's line; true when it was accepted.
        async Task<bool> AcceptedAsync(string step, Outcome outcome)
        {
            await stdout.WriteLineAsync($"{step}: {outcome}");
            return outcome.Status == DeliveryStatus.Accepted;
        }
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"broadcast: {message}");
        stderr.WriteLine(Usage);
        return 2;
    }

    // What a step printed comes from: a notification's and a channel call's results share these fields, not a type.
    private sealed record Outcome(
        DeliveryStatus Status, string ApnsRequestId, int HttpStatus, string Reason, string Message)
    {
        // Quotes the message as JSON, leaving characters such as ' and + as they are.
        private static readonly JsonSerializerOptions Quoting =
            new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static Outcome Of(DeliveryResult r) => new(r.Status, r.ApnsRequestId, r.HttpStatus, r.Reason, r.Message);

        public static Outcome Of(ChannelResult r) => new(r.Status, r.ApnsRequestId, r.HttpStatus, r.Reason, r.Message);

        // "ACCEPTED apns-request-id=...", or the status with what APNs or the gateway said.
        public override string ToString()
        {
            var parts = new List<string> { Status.ToString().ToUpperInvariant() };
            if (ApnsRequestId.Length > 0)
            {
                parts.Add($"apns-request-id={ApnsRequestId}");
            }

            if (Status != DeliveryStatus.Accepted)
            {
                if (HttpStatus != 0)
                {
                    parts.Add($"http={HttpStatus}");
                }

                if (Reason.Length > 0)
                {
                    parts.Add($"reason={Reason}");
                }

                if (Message.Length > 0)
                {
                    parts.Add($"message={JsonSerializer.Serialize(Message, Quoting)}");
                }
            }

            return string.Join(' ', parts);
        }
    }
}
