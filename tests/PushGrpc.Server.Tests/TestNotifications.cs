using System.Text;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Mapping;

namespace PushGrpc.Server.Tests;

/// <summary>Builders shared by the mapping and validation tests.</summary>
internal static class TestNotifications
{
    public const string AppName = "example";
    public const string BundleId = "com.example.app";
    public static readonly string Token1 = new('a', 64);
    public static readonly string Token2 = new('b', 64);

    /// <summary>A notification every rule accepts: one token, a plain alert.</summary>
    public static Notification ValidAlert() => new()
    {
        App = AppName,
        DeviceTokens = { Token1 },
        Aps = new Aps { Alert = new Alert { Title = "Hello", Body = "World" } },
    };

    public static PreparedNotification Prepare(Notification notification, string? appTopic = BundleId) =>
        NotificationPreparer.Prepare(notification, appTopic);

    public static string PayloadJson(Notification notification) =>
        Encoding.UTF8.GetString(Prepare(notification).Payload.Span);

    public static string PayloadJson(Aps? aps) => PayloadJson(new Notification { App = AppName, Aps = aps });
}
