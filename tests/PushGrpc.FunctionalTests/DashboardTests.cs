using System.Text.Json;
using System.Text.RegularExpressions;

namespace PushGrpc.FunctionalTests;

/// <summary>The Grafana dashboard and the README's metrics table stay in step with each other.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public void GrafanaDashboard_EveryQueriedMetric_IsInTheReadmeMetricsTable()
    {
        var root = RepositoryRoot();
        var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "deploy", "grafana", "pushgrpc-dashboard.json"))).RootElement;
        var documented = ReadmeMetric().Matches(File.ReadAllText(Path.Combine(root, "README.md"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var expressions = dashboard.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        var queried = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value))
            .Select(name => Regex.Replace(name, "_(bucket|count|sum)$", string.Empty))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(expressions);
        Assert.Contains("pushgrpc_results_total", documented);
        Assert.Empty(queried.Except(documented));
        Assert.Equal("pushgrpc-gateway", dashboard.GetProperty("uid").GetString());
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PushGrpc.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PushGrpc.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| `(pushgrpc_[a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeMetric();

    [GeneratedRegex(@"\bpushgrpc_[a-z_]+")]
    private static partial Regex MetricName();
}
