using System.Collections.Frozen;
using System.Threading.RateLimiting;
using Grpc.Core;

namespace PushGrpc.Server.Security;

/// <summary>Who is calling (an API key, a client certificate, or anyone when authentication is off) and what it may do.</summary>
internal sealed class Caller
{
    private const string UserStateKey = "pushgrpc.caller";

    public Caller(string name, string kind, FrozenSet<string>? apps, RateLimiter? limiter)
    {
        Name = name;
        Kind = kind;
        Apps = apps;
        Limiter = limiter;
    }

    /// <summary>The caller when authentication is off: every app, no per-caller limit.</summary>
    public static Caller Anonymous { get; } = new("anonymous", "none", null, null);

    /// <summary>The configured name of the key or certificate (never the key itself).</summary>
    public string Name { get; }

    /// <summary>"api-key", "certificate" or "none".</summary>
    public string Kind { get; }

    /// <summary>The apps this caller may send for; null for every app.</summary>
    public FrozenSet<string>? Apps { get; }

    public RateLimiter? Limiter { get; }

    public bool MayUse(string app) => Apps is null || Apps.Contains(app);

    public override string ToString() => $"{Kind} \"{Name}\"";

    public void AttachTo(ServerCallContext context) => context.UserState[UserStateKey] = this;

    /// <summary>The caller the authentication interceptor attached; fails closed when there is none.</summary>
    public static Caller Of(ServerCallContext context) =>
        context.UserState.TryGetValue(UserStateKey, out var caller) && caller is Caller known
            ? known
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "the call was not authenticated"));
}
