using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Cli;

/// <summary>
/// A bulk file: CSV with a header row (a <c>token</c> column, optional <c>app</c> and notification field columns), or
/// NDJSON with one object per line, either flat (<c>{"token": "...", "title": "..."}</c>) or a SendStream request as
/// grpcurl takes it (<c>{"notification": {...}}</c>). Flags give every field's default; a row's values override them.
/// </summary>
internal sealed class BulkInput(string path, bool csv, string app, NotificationFields defaults)
{
    /// <summary>CSV or NDJSON, for input and output files alike: the format option if given, else the extension.</summary>
    public static bool IsCsv(string path, string? format) =>
        format is { Length: > 0 } ? format.Equals("csv", StringComparison.OrdinalIgnoreCase)
        : Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>Rows to send (a header line and blank lines excluded).</summary>
    public async Task<long> CountRowsAsync(CancellationToken cancellationToken)
    {
        long rows = 0;
        using var reader = new StreamReader(path, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                rows++;
            }
        }

        return csv && rows > 0 ? rows - 1 : rows;
    }

    /// <summary>Each row as a notification, or the reason it cannot be one (with its line number).</summary>
    public async IAsyncEnumerable<BulkRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        string[]? header = null;
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (csv && header is null)
            {
                header = [.. ParseCsvLine(line).Select(h => h.Trim().ToLowerInvariant())];
                var unknown = header.Where(h => h is not ("token" or "device_token" or "app") && !NotificationFields.Names.Contains(h)).ToList();
                if (!header.Contains("token") && !header.Contains("device_token"))
                {
                    throw new FormatException($"{path}:1: the header has no \"token\" column");
                }

                if (unknown.Count > 0)
                {
                    throw new FormatException($"{path}:1: unknown columns {string.Join(", ", unknown)} (known: token, app, {string.Join(", ", NotificationFields.Names)})");
                }

                continue;
            }

            BulkRow row;
            try
            {
                row = new BulkRow(lineNumber, csv ? FromCsv(header!, ParseCsvLine(line)) : FromJson(line), null);
            }
            catch (Exception ex) when (ex is FormatException or JsonException or InvalidProtocolBufferException)
            {
                row = new BulkRow(lineNumber, null, ex.Message);
            }

            yield return row;
        }
    }

    private Notification FromCsv(string[] header, List<string> values)
    {
        if (values.Count != header.Length)
        {
            throw new FormatException($"{values.Count} fields, the header has {header.Length}");
        }

        var row = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            row[header[i]] = values[i];
        }

        return FromFields(row);
    }

    private Notification FromJson(string line)
    {
        using var document = JsonDocument.Parse(line);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("not a JSON object");
        }

        if (document.RootElement.TryGetProperty("notification", out _))
        {
            var request = JsonParser.Default.Parse<SendStreamRequest>(line);
            var notification = request.Notification;
            if (notification.App.Length == 0)
            {
                notification.App = app;
            }

            return notification;
        }

        var row = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            row[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
        }

        return FromFields(row);
    }

    private Notification FromFields(Dictionary<string, string?> row)
    {
        var token = row.GetValueOrDefault("token") ?? row.GetValueOrDefault("device_token");
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new FormatException("no device token");
        }

        var rowApp = row.GetValueOrDefault("app") is { Length: > 0 } a ? a : app;
        return defaults.With(row).ToNotification(rowApp, [token.Trim()]);
    }

    /// <summary>One CSV record (RFC 4180 quoting, no line breaks inside fields).</summary>
    internal static List<string> ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException("unterminated quoted field");
        }

        fields.Add(field.ToString().TrimEnd('\r'));
        return fields;
    }
}

/// <summary>A bulk file row: its notification, or why it could not be read.</summary>
internal sealed record BulkRow(int Line, Notification? Notification, string? Error);
