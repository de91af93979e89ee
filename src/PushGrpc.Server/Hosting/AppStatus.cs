namespace PushGrpc.Server.Hosting;

/// <summary>One app's health: whether it can send now, and why not. Holds no secret: reasons and times only.</summary>
internal sealed record AppStatus(string App, bool Serving, string Detail);
