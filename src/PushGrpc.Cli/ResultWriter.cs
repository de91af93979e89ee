using System.Globalization;
using System.Text;
using Google.Protobuf;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Cli;

/// <summary>Writes every result as it arrives: NDJSON (DeliveryResult as the gateway's JSON) or CSV.</summary>
internal sealed class ResultWriter : IAsyncDisposable
{
    public const string CsvHeader = "notification_id,device_token,status,http_status,reason,apns_id,attempts,possibly_duplicated,token_invalid_since,message";

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true));

    private readonly StreamWriter _writer;
    private readonly bool _csv;

    public ResultWriter(string path, bool csv)
    {
        _csv = csv;
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        if (csv)
        {
            _writer.WriteLine(CsvHeader);
        }
    }

    public Task WriteAsync(DeliveryResult result) => _writer.WriteLineAsync(_csv ? ToCsv(result) : Json.Format(result));

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private static string ToCsv(DeliveryResult r) => string.Join(',',
        Quote(r.NotificationId),
        Quote(r.DeviceToken),
        ResultSummary.StatusName(r.Status),
        r.HttpStatus.ToString(CultureInfo.InvariantCulture),
        Quote(r.Reason),
        Quote(r.ApnsId),
        r.Attempts.ToString(CultureInfo.InvariantCulture),
        r.PossiblyDuplicated ? "true" : "false",
        r.TokenInvalidSince is { } since ? since.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture) : string.Empty,
        Quote(r.Message));

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
