namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>Reasons only the simulator sends (clients must tolerate unknown reasons anyway, apns-reference §1.8).</summary>
internal static class SimulatorReasons
{
    /// <summary>
    /// 400 for a body that is not one JSON object with an "aps" object. APNs documents no reason for this; PayloadEmpty
    /// stays reserved for an empty body.
    /// </summary>
    public const string MalformedPayload = "MalformedPayload";
}
