namespace PushGrpc.Apns;

/// <summary>The apns-push-type header. <see cref="ApnsPushTypes"/> knows each one's wire value and topic suffix.</summary>
public enum ApnsPushType
{
    Alert,
    Background,
    Location,
    Voip,
    Complication,
    FileProvider,
    Mdm,
    LiveActivity,
    PushToTalk,
    Widgets,
    Controls,
}
