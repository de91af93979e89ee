namespace PushGrpc.Apns.Internal;

/// <summary>Receives the few server frames the pool cares about.</summary>
internal interface IHttp2FrameListener
{
    /// <summary>A SETTINGS frame (not an ACK) carried SETTINGS_MAX_CONCURRENT_STREAMS.</summary>
    void OnMaxConcurrentStreams(uint value);

    /// <summary>A GOAWAY frame; <paramref name="debugData"/> is its (truncated) debug data, APNs sends JSON there.</summary>
    void OnGoAway(int lastStreamId, uint errorCode, string debugData);

    /// <summary>An RST_STREAM frame.</summary>
    void OnResetStream(int streamId, uint errorCode);
}
