namespace PushGrpc.Apns.Internal;

/// <summary>
/// A device token as logs show it: the first few characters (8 by default), enough to correlate, too few to push to.
/// A struct so the shortening only happens when the log line is actually written.
/// </summary>
internal readonly struct ShortDeviceToken(string deviceToken, int visibleLength = ShortDeviceToken.DefaultVisibleLength)
{
    public const int DefaultVisibleLength = 8;

    public override string ToString() =>
        deviceToken.Length <= visibleLength ? deviceToken : string.Concat(deviceToken.AsSpan(0, visibleLength), "…");
}
