namespace PushGrpc.Apns;

/// <summary>The apns-priority header; each value is its wire value.</summary>
public enum ApnsPriority
{
    /// <summary>Prioritise the device's power over everything; do not wake it.</summary>
    Minimal = 1,

    /// <summary>Deliver based on power considerations. Required for background pushes.</summary>
    ConservePower = 5,

    /// <summary>Send immediately.</summary>
    Immediate = 10,
}
