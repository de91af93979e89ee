using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>What validation learned about one request so far; becomes its <see cref="SimulatorRecord"/>.</summary>
internal sealed class RequestFacts(string connectionId, string method, string path, DateTimeOffset receivedAt, RequestRoute route)
{
    public string ConnectionId { get; } = connectionId;

    public string Method { get; } = method;

    public string Path { get; } = path;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>What the listener, path and method make of the request (device push, broadcast, channel operation).</summary>
    public RequestRoute Route { get; } = route;

    /// <summary>The apns-channel-id a request named, or the id a create made (set when its answer goes out).</summary>
    public string? ChannelId { get; set; }

    /// <summary>
    /// A channel operation's state change (create, delete), run only when the evaluated answer is the one given: a
    /// request an injected fault answers or drops leaves the channels as they were. Returns the final answer.
    /// </summary>
    public Func<Verdict>? Commit { get; set; }

    public string AuthMode { get; set; } = "none";

    public string? DeviceToken { get; set; }

    public string? Topic { get; set; }

    public string? PushTypeHeader { get; set; }

    public ApnsPushType PushType { get; set; } = ApnsPushType.Alert;

    public int? Priority { get; set; }

    public long? Expiration { get; set; }

    public string? CollapseId { get; set; }

    public ReadOnlyMemory<byte> Payload { get; set; }

    public CertificateIdentity? Certificate { get; set; }

    public SigningKey? SigningKey { get; set; }

    public DeviceTokenRegistration? Registration { get; set; }

    /// <summary>Every validation rule passed (the answer is 200, a 410 or a magic outcome): faults may apply.</summary>
    public bool Validated { get; set; }

    public SimulatorRecord ToRecord(string apnsId, Verdict verdict, FaultKind? fault = null) => new(
        ConnectionId, Method, Path, DeviceToken, Topic, PushTypeHeader, Priority, Expiration, CollapseId,
        apnsId, verdict.Status, verdict.Reason, Payload, AuthMode, ReceivedAt, fault, Route.Kind, Route.BundleId, ChannelId);
}
