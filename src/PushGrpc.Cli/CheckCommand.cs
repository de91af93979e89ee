using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Spectre.Console;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace PushGrpc.Cli;

/// <summary>
/// `pushgrpc check`: the gateway's health (grpc.health.v1, service ""), each --app's, and with --http every app's
/// status and reason from /readyz.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var gateway = new GatewayOptions();
        var apps = new Option<string[]>("--app") { Description = "An app to check (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var http = new Option<string?>("--http") { Description = "The gateway's HTTP endpoint (e.g. http://localhost:9464): lists every app with the reason it is not serving." };
        var command = new Command("check", "Show the health of the gateway and of each app.");
        gateway.AddTo(command);
        command.Options.Add(apps);
        command.Options.Add(http);

        command.SetAction(async (parse, _) =>
        {
            var table = new Table().AddColumns("service", "status", "detail");
            var allServing = true;
            using var channel = gateway.Connect(parse, context);
            var health = new Health.HealthClient(channel);
            foreach (var service in new[] { string.Empty }.Concat(parse.GetValue(apps) ?? []))
            {
                string status;
                var detail = string.Empty;
                try
                {
                    var response = await health.CheckAsync(new HealthCheckRequest { Service = service }, gateway.Headers(parse, context),
                        deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: context.Abort).ConfigureAwait(false);
                    status = StatusName(response.Status);
                }
                catch (RpcException ex)
                {
                    status = ex.StatusCode == StatusCode.NotFound ? "UNKNOWN" : "UNREACHABLE";
                    detail = $"{ex.StatusCode}: {ex.Status.Detail}";
                }

                allServing &= status == "SERVING";
                table.AddRow(Markup.Escape(service.Length == 0 ? "(gateway)" : service), Color(status), Markup.Escape(detail));
            }

            if (parse.GetValue(http) is { Length: > 0 } httpAddress)
            {
                allServing &= await AddReadinessAsync(table, httpAddress, context).ConfigureAwait(false);
            }

            context.Console.Write(table);
            return allServing ? ExitCodes.Ok : ExitCodes.NotAllAccepted;
        });
        return command;
    }

    private static async Task<bool> AddReadinessAsync(Table table, string address, CliContext context)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var uri = new Uri(new Uri(address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address), "/readyz");
            using var response = await client.GetAsync(uri, context.Abort).ConfigureAwait(false);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(context.Abort).ConfigureAwait(false);
            var ready = response.IsSuccessStatusCode;
            table.AddRow("/readyz", Color(ready ? "SERVING" : "NOT_SERVING"), Markup.Escape(body.GetProperty("status").GetString() ?? string.Empty));
            var allServing = true;
            foreach (var check in body.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                if (!check.Value.TryGetProperty("apps", out var apps) || apps.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var app in apps.EnumerateObject())
                {
                    var text = app.Value.GetString() ?? string.Empty;
                    var serving = text == "SERVING";
                    allServing &= serving;
                    var separator = text.IndexOf(": ", StringComparison.Ordinal);
                    table.AddRow(Markup.Escape(app.Name), Color(serving ? "SERVING" : "NOT_SERVING"), Markup.Escape(separator < 0 ? string.Empty : text[(separator + 2)..]));
                }
            }

            return ready && allServing;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            table.AddRow("/readyz", Color("UNREACHABLE"), Markup.Escape(ex.Message));
            return false;
        }
    }

    private static string StatusName(ServingStatus status) => status switch
    {
        ServingStatus.Serving => "SERVING",
        ServingStatus.NotServing => "NOT_SERVING",
        ServingStatus.ServiceUnknown => "UNKNOWN",
        _ => "UNKNOWN",
    };

    private static string Color(string status) => status switch
    {
        "SERVING" => "[green]SERVING[/]",
        _ => "[red]" + Markup.Escape(status) + "[/]",
    };
}
