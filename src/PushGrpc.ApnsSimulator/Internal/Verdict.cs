using System.Collections.Concurrent;
using System.Text;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// The answer to one request: status, reason, for 410 the token's invalid-since time in ms, and a Retry-After in
/// seconds (injected 429/500/503). Status 0 means no HTTP answer at all (a fault). Channel reads and lists answer with
/// a JSON <see cref="Body"/>. A class handed along by reference through every step; the common answers
/// (<see cref="Accepted"/>, the fixed-status successes) are shared instances, so an accepted push allocates none.
/// </summary>
internal sealed record Verdict(int Status, string? Reason, long? Timestamp = null, int? RetryAfter = null, byte[]? Body = null)
{
    public static readonly Verdict Accepted = new(200, null);

    /// <summary>A channel create that succeeded; the new id is <see cref="RequestFacts.ChannelId"/>.</summary>
    public static readonly Verdict Created = new(201, null);

    public static readonly Verdict NoContent = new(204, null);

    public static readonly Verdict Unanswered = new(0, null);

    // Error bodies repeat a handful of reasons millions of times in a benchmark: encode each once.
    private static readonly ConcurrentDictionary<string, byte[]> Bodies = new(StringComparer.Ordinal);

    /// <summary>Any success: 200, or a channel operation's 201/204.</summary>
    public bool IsAccepted => Status is >= 200 and < 300;

    public static Verdict Reject(int status, string reason) => new(status, reason);

    public static Verdict Success(byte[] body) => new(200, null, Body: body);

    public static Verdict Gone(string reason, long timestampMs) => new(410, reason, timestampMs);

    /// <summary>The JSON error body: {"reason":"..."} plus "timestamp" for 410.</summary>
    public byte[] ErrorBody()
    {
        var reason = Reason ?? string.Empty;
        return Timestamp is { } timestamp
            ? Encoding.UTF8.GetBytes($$"""{"reason":"{{reason}}","timestamp":{{timestamp}}}""")
            : Bodies.GetOrAdd(reason, static r => Encoding.UTF8.GetBytes($$"""{"reason":"{{r}}"}"""));
    }
}
