namespace PushGrpc.Apns;

/// <summary>Which HTTP/2 implementation carries a client's requests to APNs.</summary>
public enum ApnsHttpStack
{
    /// <summary>
    /// PushGrpc's own HTTP/2 client, made for APNs traffic: many small requests per connection, writes coalesced, the
    /// provider token and topic sent once per connection and then indexed from HPACK's dynamic table, and a request's
    /// fate known exactly when a stream is refused or a connection goes away.
    /// </summary>
    PushGrpc,

    /// <summary>.NET's <see cref="System.Net.Http.SocketsHttpHandler"/>.</summary>
    SocketsHttpHandler,
}
