using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using PushGrpc.Contracts.V1;
using Spectre.Console;

namespace PushGrpc.Cli;

/// <summary>
/// `pushgrpc send`: one notification (multicast with several --token), or one Live Activity broadcast (--channel),
/// through unary Send.
/// </summary>
internal static class SendCommand
{
    public static Command Create(CliContext context)
    {
        var gateway = new GatewayOptions();
        var fields = new NotificationOptions();
        var app = new Option<string>("--app") { Description = "The configured app to send for.", Required = true };
        var tokens = new Option<string[]>("--token", "-t") { Description = "Device token (hex); repeat for several.", AllowMultipleArgumentsPerToken = true };
        var channelId = new Option<string?>("--channel") { Description = "Broadcast to this channel (from `pushgrpc channel create`) instead of device tokens: a Live Activity --event update or end." };
        var json = new Option<bool>("--json") { Description = "Print the SendResponse as JSON instead of a table." };
        var command = new Command("send", "Send one notification and print one result per device token (or one for a --channel broadcast).");
        gateway.AddTo(command);
        command.Options.Add(app);
        command.Options.Add(tokens);
        command.Options.Add(channelId);
        fields.AddTo(command);
        command.Options.Add(json);

        command.SetAction(async (parse, _) =>
        {
            var deviceTokens = parse.GetValue(tokens) ?? [];
            var broadcastTo = parse.GetValue(channelId);
            if ((deviceTokens.Length > 0) == (broadcastTo is not null))
            {
                await context.Error.WriteLineAsync("Give --token (one or more device tokens) or --channel (a broadcast), not both.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            Notification notification;
            try
            {
                var read = fields.Read(parse);
                notification = broadcastTo is null ? read.ToNotification(parse.GetValue(app)!, deviceTokens) : read.ToBroadcast(parse.GetValue(app)!, broadcastTo);
            }
            catch (FormatException ex)
            {
                await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var channel = gateway.Connect(parse, context);
            SendResponse response;
            try
            {
                response = await new PushService.PushServiceClient(channel)
                    .SendAsync(new SendRequest { Notification = notification }, gateway.Headers(parse, context), cancellationToken: context.Abort)
                    .ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                await context.Error.WriteLineAsync($"Send failed: {ex.StatusCode}: {ex.Status.Detail}").ConfigureAwait(false);
                return ExitCodes.CallFailed;
            }

            if (parse.GetValue(json))
            {
                context.Console.Profile.Out.Writer.WriteLine(Google.Protobuf.JsonFormatter.Default.Format(response));
            }
            else
            {
                // A broadcast's result names its channel and carries apns-request-id (broadcasts have no apns-id).
                var broadcast = broadcastTo is not null;
                var table = new Table()
                    .AddColumn(broadcast ? new TableColumn("channel").NoWrap() : new TableColumn("device token"))
                    .AddColumns("status", "http", "reason", broadcast ? "apns-request-id" : "apns-id", "attempts", "message");
                foreach (var result in response.Results)
                {
                    table.AddRow(
                        Markup.Escape(broadcast ? result.ChannelId : result.DeviceToken),
                        Markup.Escape(ResultSummary.StatusName(result.Status)),
                        result.HttpStatus == 0 ? "-" : result.HttpStatus.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(result.Reason),
                        Markup.Escape(broadcast ? result.ApnsRequestId : result.ApnsId),
                        result.Attempts.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(result.Message));
                }

                context.Console.Write(table);
            }

            return response.Results.All(r => r.Status == DeliveryStatus.Accepted) ? ExitCodes.Ok : ExitCodes.NotAllAccepted;
        });
        return command;
    }
}
