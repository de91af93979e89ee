using PushGrpc.Apns;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// A notification after validation: either ready to send (App and Apns set) or refused (Error set). One admission
/// serves every device token of the notification.
/// </summary>
internal sealed class Admission
{
    private Admission(Notification notification, ApnsApp? app, ApnsNotification? apns, string? error)
    {
        Notification = notification;
        App = app;
        Apns = apns;
        Error = error;
    }

    public Notification Notification { get; }

    public ApnsApp? App { get; }

    public ApnsNotification? Apns { get; }

    /// <summary>Why validation refused the notification, naming the fields; null when admitted.</summary>
    public string? Error { get; }

    public bool IsValid => Error is null;

    public static Admission Admitted(Notification notification, ApnsApp app, ApnsNotification apns) =>
        new(notification, app, apns, null);

    public static Admission Refused(Notification notification, string error) => new(notification, null, null, error);
}
