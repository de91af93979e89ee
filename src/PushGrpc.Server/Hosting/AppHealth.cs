using System.Globalization;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.Server.Hosting;

/// <summary>
/// Whether each configured app can send now: NOT_SERVING while APNs rejects its credential (until a probe send gets
/// an answer that is not a credential error) or while every connection of its pool is backing off after failed
/// connects; SERVING otherwise, including before the first send (connections open on first use).
/// </summary>
internal sealed class AppHealth(ApnsAppRegistry registry)
{
    /// <summary>Every configured app, in name order.</summary>
    public IReadOnlyList<AppStatus> CheckAll() =>
        [.. registry.Apps.Select(app => Check(app.Name)!).OrderBy(s => s.App, StringComparer.Ordinal)];

    /// <summary>The app's status; null when no app of that name is configured.</summary>
    public AppStatus? Check(string app)
    {
        if (registry.Find(app) is null)
        {
            return null;
        }

        if (registry.ClientOf(app) is not { } client)
        {
            return new AppStatus(app, true, "serving");
        }

        if (client.CredentialProblem is { } problem)
        {
            return new AppStatus(app, false, string.Create(CultureInfo.InvariantCulture,
                $"APNs rejects the credential ({problem.ReasonText ?? problem.Reason.ToString()}, HTTP {problem.HttpStatus}) since {problem.Since:O}; the next send after {problem.NextProbeAt:O} probes it"));
        }

        var connections = client.Connections;
        if (connections.Count > 0 && connections.All(c => c.ConsecutiveConnectFailures > 0))
        {
            var next = connections.Min(c => c.NextConnectAttemptAt);
            var failures = connections.Max(c => c.ConsecutiveConnectFailures);
            return new AppStatus(app, false, string.Create(CultureInfo.InvariantCulture,
                $"cannot connect to APNs: every connection failed to connect (up to {failures} times in a row); next attempt {(next is { } at ? "at " + at.ToString("O", CultureInfo.InvariantCulture) : "on the next send")}"));
        }

        return new AppStatus(app, true, "serving");
    }
}
