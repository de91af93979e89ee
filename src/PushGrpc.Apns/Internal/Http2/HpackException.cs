namespace PushGrpc.Apns.Internal.Http2;

/// <summary>
/// A header block the peer sent cannot be decoded (RFC 7541 §2.3.4 / RFC 9113 §4.3). Distinct from other exceptions so
/// the connection can answer with GOAWAY(COMPRESSION_ERROR): once a block fails, the shared dynamic table is out of sync
/// with the peer's and no later block on the connection can be trusted.
/// </summary>
internal sealed class HpackException(string message) : Exception(message);
