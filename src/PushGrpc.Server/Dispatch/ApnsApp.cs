using System.Threading.RateLimiting;
using PushGrpc.Apns;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// A configured app ready to send: its default topic, the APNs client of its credential (shared with other token
/// apps of the same team, key and environment), the channel manager of that credential, the send capacity of that
/// client's connection pool, and its rate limit, if any.
/// </summary>
internal sealed record ApnsApp(
    string Name, string Topic, ApnsEnvironment Environment, ApnsAppRegistry.AppClient Client, RateLimiter? Limiter = null)
{
    public IApnsChannelManager Channels => Client;

    public SendCapacity Capacity => Client.Shared.Capacity;
}
