namespace PushGrpc.Apns.Internal;

/// <summary>
/// A device token as logs show it: the first 8 characters, enough to correlate, too little to push to. A struct so
/// the shortening only happens when the log line is actually written.
/// </summary>
internal readonly struct ShortDeviceToken(string deviceToken)
{
    private const int VisibleLength = 8;

    public override string ToString() =>
        deviceToken.Length <= VisibleLength ? deviceToken : string.Concat(deviceToken.AsSpan(0, VisibleLength), "…");
}
