using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// Concurrency seen per connection and overall, kept with interlocked operations on the request path, and the
/// <see cref="ConnectionState"/> of each connection that carried a request.
/// </summary>
internal sealed class Statistics
{
    private readonly ConcurrentDictionary<string, ConnectionState> connections = new(StringComparer.Ordinal);
    private int maxConcurrency;

    public int MaxConcurrencySeen => Volatile.Read(ref maxConcurrency);

    public int ConnectionsSeen => connections.Count;

    public IReadOnlyDictionary<string, int> MaxConcurrencyByConnection =>
        connections.ToDictionary(pair => pair.Key, pair => pair.Value.MaxActive, StringComparer.Ordinal);

    /// <summary>Requests in the handler on a connection now (0 for an unknown connection).</summary>
    public int ActiveOn(string connectionId) => connections.TryGetValue(connectionId, out var connection) ? connection.Active : 0;

    /// <summary>
    /// Counts a request in on its connection; the caller must call <see cref="ConnectionState.Exit"/>. A connection's
    /// first request creates its state, and only then is its listener looked up.
    /// </summary>
    public ConnectionState Enter(HttpContext context)
    {
        var connection = connections.GetOrAdd(
            context.Connection.Id,
            static (id, features) => new ConnectionState(id, ManagementListener.Marks(features)),
            context.Features);
        RaiseTo(ref maxConcurrency, connection.Enter());
        return connection;
    }

    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> unless another thread raised it higher.</summary>
    public static void RaiseTo(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (seen < value)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
