using System.Net.Http;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// What one kind of request brings to <see cref="AttemptSender"/>: a push or broadcast (<see cref="ApnsClient"/>), a
/// channel-management call (<see cref="ApnsChannelManager"/>). Implemented by readonly structs, so the shared attempt
/// is compiled for each with direct calls: no delegate and no allocation per request.
/// </summary>
internal interface IApnsExchange<TResponse>
{
    /// <summary>A new request; every attempt sends its own.</summary>
    HttpRequestMessage CreateRequest();

    ValueTask<TResponse> ReadAsync(HttpResponseMessage response, TimeProvider timeProvider, long startTimestamp, CancellationToken cancellationToken);

    /// <summary>The Failed result of an attempt that got no answer.</summary>
    TResponse NoAnswer(string error, TimeSpan duration);

    /// <summary>APNs answered ExpiredProviderToken: the attempt keeps the token it sent, for its replacement.</summary>
    bool IsExpiredProviderToken(TResponse response);
}
