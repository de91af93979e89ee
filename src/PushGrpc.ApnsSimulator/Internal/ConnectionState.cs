namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>Per-connection observations: active streams (requests being handled) and the most seen at once.</summary>
internal sealed class ConnectionState(string id)
{
    private int active;
    private int maxActive;

    public string Id { get; } = id;

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
