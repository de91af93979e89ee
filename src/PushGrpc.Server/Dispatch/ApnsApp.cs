using PushGrpc.Apns;

namespace PushGrpc.Server.Dispatch;

/// <summary>A configured app ready to send: its default topic and the APNs client of its credential.</summary>
internal sealed record ApnsApp(string Name, string Topic, ApnsEnvironment Environment, IApnsClient Client);
