namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// Per-connection observations: active streams (requests being handled) and the most seen at once; and what holds for
/// every request of the connection (its listener, its certificate).
/// </summary>
internal sealed class ConnectionState(string id, bool onManagementListener)
{
    private int active;
    private int maxActive;

    public string Id { get; } = id;

    /// <summary>Accepted on the channel-management listener rather than the push listener.</summary>
    public bool OnManagementListener { get; } = onManagementListener;

    public int MaxActive => Volatile.Read(ref maxActive);

    /// <summary>Requests in the handler on this connection now.</summary>
    public int Active => Volatile.Read(ref active);

    /// <summary>The provider certificate's identity, parsed once per connection (null for token connections).</summary>
    public CertificateIdentity? Certificate { get; set; }

    /// <summary>Counts a request in; returns how many are active on this connection now.</summary>
    public int Enter()
    {
        var now = Interlocked.Increment(ref active);
        Statistics.RaiseTo(ref maxActive, now);
        return now;
    }

    public void Exit() => Interlocked.Decrement(ref active);
}
