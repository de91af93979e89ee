using System.Globalization;
using PushGrpc.Contracts.V1;
using Spectre.Console;

namespace PushGrpc.Cli;

/// <summary>Results counted by status and reason, rendered as the closing table.</summary>
internal sealed class ResultSummary
{
    private readonly Dictionary<(DeliveryStatus Status, string Reason), long> _counts = [];

    public long Total { get; private set; }

    public long Accepted => Count(DeliveryStatus.Accepted);

    public void Add(DeliveryResult result)
    {
        var key = (result.Status, result.Reason);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
        Total++;
    }

    public long Count(DeliveryStatus status) => _counts.Where(c => c.Key.Status == status).Sum(c => c.Value);

    public static string StatusName(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Accepted => "ACCEPTED",
        DeliveryStatus.Rejected => "REJECTED",
        DeliveryStatus.Failed => "FAILED",
        DeliveryStatus.Invalid => "INVALID",
        _ => "UNSPECIFIED",
    };

    public Table ToTable(string title)
    {
        var table = new Table { Title = new TableTitle(title) }
            .AddColumn("status")
            .AddColumn("reason")
            .AddColumn(new TableColumn("results").RightAligned());
        foreach (var ((status, reason), count) in _counts.OrderBy(c => c.Key.Status).ThenByDescending(c => c.Value).ThenBy(c => c.Key.Reason, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(StatusName(status)), Markup.Escape(reason.Length == 0 ? "-" : reason), count.ToString(CultureInfo.InvariantCulture));
        }

        table.AddRow("[bold]total[/]", string.Empty, "[bold]" + Total.ToString(CultureInfo.InvariantCulture) + "[/]");
        return table;
    }
}
