using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using PushGrpc.Contracts.V1;
using Spectre.Console;

namespace PushGrpc.Cli;

/// <summary>`pushgrpc send`: one notification (multicast with several --token) through unary Send.</summary>
internal static class SendCommand
{
    public static Command Create(CliContext context)
    {
        var gateway = new GatewayOptions();
        var fields = new NotificationOptions();
        var app = new Option<string>("--app") { Description = "The configured app to send for.", Required = true };
        var tokens = new Option<string[]>("--token", "-t") { Description = "Device token (hex); repeat for several.", Required = true, AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the SendResponse as JSON instead of a table." };
        var command = new Command("send", "Send one notification and print one result per device token.");
        gateway.AddTo(command);
        command.Options.Add(app);
        command.Options.Add(tokens);
        fields.AddTo(command);
        command.Options.Add(json);

        command.SetAction(async (parse, _) =>
        {
            Notification notification;
            try
            {
                notification = fields.Read(parse).ToNotification(parse.GetValue(app)!, parse.GetValue(tokens)!);
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
                var table = new Table().AddColumns("device token", "status", "http", "reason", "apns-id", "attempts", "message");
                foreach (var result in response.Results)
                {
                    table.AddRow(
                        Markup.Escape(result.DeviceToken),
                        Markup.Escape(ResultSummary.StatusName(result.Status)),
                        result.HttpStatus == 0 ? "-" : result.HttpStatus.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(result.Reason),
                        Markup.Escape(result.ApnsId),
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
