namespace PushGrpc.ApnsSimulator;

/// <summary>What a recorded request was, by listener, path and method (see <see cref="SimulatorRecord.Kind"/>).</summary>
public enum SimulatorRequestKind
{
    /// <summary>
    /// Push listener, anything that is not a broadcast: <c>POST /3/device/&lt;token&gt;</c>, and also bad paths and
    /// methods there (as before broadcasts existed).
    /// </summary>
    DevicePush,

    /// <summary>Push listener, <c>POST /4/broadcasts/apps/&lt;bundleId&gt;</c>.</summary>
    Broadcast,

    /// <summary>Management listener, <c>POST /1/apps/&lt;bundleId&gt;/channels</c>.</summary>
    CreateChannel,

    /// <summary>Management listener, <c>GET /1/apps/&lt;bundleId&gt;/channels</c>.</summary>
    ReadChannel,

    /// <summary>Management listener, <c>DELETE /1/apps/&lt;bundleId&gt;/channels</c>.</summary>
    DeleteChannel,

    /// <summary>Management listener, <c>GET /1/apps/&lt;bundleId&gt;/all-channels</c>.</summary>
    ListChannels,

    /// <summary>Management listener, a path or method that names no operation (answered 404 BadPath or 405 MethodNotAllowed).</summary>
    UnknownChannelOperation,
}
