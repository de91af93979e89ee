namespace PushGrpc.Apns.Internal;

/// <summary>Receives the few server frames the pool cares about.</summary>
internal interface IHttp2FrameListener
{
    /// <summary>
    /// A SETTINGS frame (not an ACK) arrived; <paramref name="maxConcurrentStreams"/> is its
    /// SETTINGS_MAX_CONCURRENT_STREAMS, or null when the frame does not change it.
    /// </summary>
    void OnSettings(uint? maxConcurrentStreams);

    /// <summary>A GOAWAY frame; <paramref name="debugData"/> is its (truncated) debug data, APNs sends JSON there.</summary>
    void OnGoAway(int lastStreamId, uint errorCode, string debugData);

    /// <summary>An RST_STREAM frame.</summary>
    void OnResetStream(int streamId, uint errorCode);

    /// <summary>The server's byte stream ended (EOF or a read error): the connection is gone.</summary>
    void OnClosed()
    {
    }
}
