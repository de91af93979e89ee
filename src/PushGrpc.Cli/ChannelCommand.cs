using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using PushGrpc.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PushGrpc.Cli;

/// <summary>
/// `pushgrpc channel create|get|delete|list`: an app's Live Activity broadcast channels through ChannelService. Each
/// prints the ChannelResult (and the channel or the ids) and exits 0 only when it is ACCEPTED.
/// </summary>
internal static class ChannelCommand
{
    public static Command Create(CliContext context) => new("channel", "Manage an app's Live Activity broadcast channels (iOS 18).")
    {
        CreateCommand(context),
        GetCommand(context),
        DeleteCommand(context),
        ListCommand(context),
    };

    private static Command CreateCommand(CliContext context)
    {
        var storage = new Option<string>("--storage")
        {
            HelpName = "no-message|most-recent",
            Description = "What APNs keeps for offline devices: no-message (frequent updates; broadcasts need expiration 0) or most-recent (up to 8 hours); APNs's 0 and 1 work too. Cannot be changed later.",
            Required = true,
        };
        return Subcommand(context, "create", "Create a channel; APNs chooses its id.", [storage], withChannel: false, async (client, parse, request, headers) =>
        {
            var policy = ParseStoragePolicy(parse.GetValue(storage)!);
            var response = await client.CreateChannelAsync(new CreateChannelRequest { App = request.App, MessageStoragePolicy = policy },
                headers, cancellationToken: context.Abort).ConfigureAwait(false);
            return (response, response.Result, ResultTable(response.Result, response.Channel?.Id ?? string.Empty, response.Channel));
        });
    }

    private static Command GetCommand(CliContext context) =>
        Subcommand(context, "get", "Read a channel's configuration (its storage policy).", [], withChannel: true, async (client, _, request, headers) =>
        {
            var response = await client.GetChannelAsync(new GetChannelRequest { App = request.App, ChannelId = request.ChannelId },
                headers, cancellationToken: context.Abort).ConfigureAwait(false);
            return (response, response.Result, ResultTable(response.Result, request.ChannelId, response.Channel));
        });

    private static Command DeleteCommand(CliContext context) =>
        Subcommand(context, "delete", "Delete a channel for good.", [], withChannel: true, async (client, _, request, headers) =>
        {
            var response = await client.DeleteChannelAsync(new DeleteChannelRequest { App = request.App, ChannelId = request.ChannelId },
                headers, cancellationToken: context.Abort).ConfigureAwait(false);
            return (response, response.Result, ResultTable(response.Result, request.ChannelId, channel: null));
        });

    private static Command ListCommand(CliContext context) =>
        Subcommand(context, "list", "List the ids of all of an app's channels.", [], withChannel: false, async (client, _, request, headers) =>
        {
            var response = await client.ListChannelsAsync(new ListChannelsRequest { App = request.App },
                headers, cancellationToken: context.Abort).ConfigureAwait(false);
            var ids = new Table().AddColumn(new TableColumn($"channel ({response.ChannelIds.Count})").NoWrap());
            foreach (var id in response.ChannelIds)
            {
                ids.AddRow(Markup.Escape(id));
            }

            return (response, response.Result, new Rows(ResultTable(response.Result, "-", channel: null), ids));
        });

    /// <summary>
    /// One channel subcommand: the gateway options, --app, --channel when the call names a channel, and --json;
    /// <paramref name="call"/> makes the call and returns the response, its result and the table to print.
    /// </summary>
    private static Command Subcommand(
        CliContext context,
        string name,
        string description,
        Option[] options,
        bool withChannel,
        Func<ChannelService.ChannelServiceClient, ParseResult, ChannelTarget, Metadata, Task<(IMessage Response, ChannelResult Result, IRenderable Output)>> call)
    {
        var gateway = new GatewayOptions();
        var app = new Option<string>("--app") { Description = "The configured app whose channels these are.", Required = true };
        var channelId = new Option<string>("--channel") { Description = "The channel id (as `channel create` or `channel list` printed it).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the response as JSON instead of a table." };
        var command = new Command(name, description);
        gateway.AddTo(command);
        command.Options.Add(app);
        if (withChannel)
        {
            command.Options.Add(channelId);
        }

        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.Options.Add(json);
        command.SetAction(async (parse, _) =>
        {
            var request = new ChannelTarget { App = parse.GetValue(app)!, ChannelId = withChannel ? parse.GetValue(channelId)! : string.Empty };
            using var channel = gateway.Connect(parse, context);
            (IMessage Response, ChannelResult Result, IRenderable Output) answer;
            try
            {
                answer = await call(new ChannelService.ChannelServiceClient(channel), parse, request, gateway.Headers(parse, context)).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            catch (RpcException ex)
            {
                await context.Error.WriteLineAsync($"channel {name} failed: {ex.StatusCode}: {ex.Status.Detail}").ConfigureAwait(false);
                return ExitCodes.CallFailed;
            }

            if (parse.GetValue(json))
            {
                context.Console.Profile.Out.Writer.WriteLine(JsonFormatter.Default.Format(answer.Response));
            }
            else
            {
                context.Console.Write(answer.Output);
            }

            return answer.Result.Status == DeliveryStatus.Accepted ? ExitCodes.Ok : ExitCodes.NotAllAccepted;
        });
        return command;
    }

    /// <summary>The names in --help, APNs's numbers (0, 1) and the proto enum names, as grpcurl and the JSON API take them.</summary>
    internal static MessageStoragePolicy ParseStoragePolicy(string value) => value.ToLowerInvariant() switch
    {
        "no-message" or "0" or "message_storage_policy_no_message_stored" => MessageStoragePolicy.NoMessageStored,
        "most-recent" or "1" or "message_storage_policy_most_recent_message_stored" => MessageStoragePolicy.MostRecentMessageStored,
        _ => throw new FormatException($"--storage: \"{value}\" is not no-message or most-recent (or APNs's 0 or 1)"),
    };

    private static string StoragePolicyName(MessageStoragePolicy policy) => policy switch
    {
        MessageStoragePolicy.NoMessageStored => "no-message",
        MessageStoragePolicy.MostRecentMessageStored => "most-recent",
        _ => "-",
    };

    /// <summary>What every channel call names: the app and, for get and delete, the channel.</summary>
    private sealed record ChannelTarget
    {
        public required string App { get; init; }

        public required string ChannelId { get; init; }
    }

    /// <summary>The result as one row, in the columns of `send`'s table; ids never wrap, so they can be copied.</summary>
    private static Table ResultTable(ChannelResult result, string channelText, BroadcastChannel? channel)
    {
        var table = new Table()
            .AddColumn(new TableColumn("channel").NoWrap())
            .AddColumns("storage", "status", "http", "reason", "apns-request-id", "attempts", "message");
        table.AddRow(
            Markup.Escape(channelText),
            channel is null ? "-" : StoragePolicyName(channel.MessageStoragePolicy),
            Markup.Escape(ResultSummary.StatusName(result.Status)),
            result.HttpStatus == 0 ? "-" : result.HttpStatus.ToString(CultureInfo.InvariantCulture),
            Markup.Escape(result.Reason),
            Markup.Escape(result.ApnsRequestId),
            result.Attempts.ToString(CultureInfo.InvariantCulture),
            Markup.Escape(result.Message));
        return table;
    }
}
