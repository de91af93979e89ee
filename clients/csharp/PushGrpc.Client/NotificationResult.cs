using PushGrpc.Contracts.V1;

namespace PushGrpc.Client;

/// <summary>One result of <see cref="PushGrpcClient.SendStreamAsync(IAsyncEnumerable{Notification}, int, CancellationToken)"/>
/// with the notification it belongs to (matched by <see cref="Notification.Id"/>).</summary>
/// <param name="Notification">The notification sent; null only if the gateway answered with an id that was never
/// sent.</param>
/// <param name="Result">What became of the notification for one device token.</param>
public sealed record NotificationResult(Notification? Notification, DeliveryResult Result);
