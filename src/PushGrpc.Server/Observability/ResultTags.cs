namespace PushGrpc.Server.Observability;

/// <summary>What the metrics of one notification's results share: app and push type tags, and when it was read.</summary>
/// <param name="App">A configured app name, or <see cref="GatewayMetrics.UnknownApp"/>.</param>
/// <param name="PushType">The apns-push-type sent (or asked for, when the notification was invalid).</param>
/// <param name="ReceivedAt">A <see cref="System.Diagnostics.Stopwatch"/> timestamp.</param>
internal readonly record struct ResultTags(string App, string PushType, long ReceivedAt);
