using System.Buffers;
using System.Net.Http;
using System.Text.Json;

namespace PushGrpc.Apns.Internal;

/// <summary>Turns an APNs answer into an <see cref="ApnsResponse"/> (apns-reference §1.6–1.9).</summary>
internal static class ApnsResponseParser
{
    // APNs error bodies are a few dozen bytes; anything longer is not an APNs body and is cut off.
    private const int MaxBodyBytes = 4096;

    private static readonly long MinUnixMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <param name="sentRequestId">
    /// A broadcast's apns-request-id, which its answer carries instead of apns-id (§7.2–7.3); null for a push.
    /// </param>
    public static async ValueTask<ApnsResponse> ReadAsync(
        HttpResponseMessage response, string sentApnsId, string? sentRequestId,
        TimeProvider timeProvider, long startTimestamp, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var apnsId = Header(response, "apns-id") ?? sentApnsId;
        var uniqueId = Header(response, "apns-unique-id");
        var requestId = sentRequestId is null ? null : Header(response, "apns-request-id") ?? sentRequestId;
        if (status == 200)
        {
            // Success has an empty body: not reading it saves a read per notification.
            return Parse(status, apnsId, uniqueId, [], timeProvider.GetElapsedTime(startTimestamp), requestId);
        }

        var retryAfter = RetryAfter(response, timeProvider);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes);
        try
        {
            var length = await ReadBodyAsync(response, buffer.AsMemory(0, MaxBodyBytes), cancellationToken).ConfigureAwait(false);
            return Parse(status, apnsId, uniqueId, buffer.AsSpan(0, length), timeProvider.GetElapsedTime(startTimestamp), requestId) with
            {
                RetryAfter = retryAfter,
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads an answer's body into <paramref name="buffer"/> until it is full or the body ends, and returns the bytes
    /// read; anything beyond is not APNs's and is left. The status is APNs's verdict even when the body breaks off, so
    /// an I/O error ends the read with whatever arrived.
    /// </summary>
    internal static async ValueTask<int> ReadBodyAsync(HttpResponseMessage response, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (length < buffer.Length && (read = await stream.ReadAsync(buffer[length..], cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
        }

        return length;
    }

    /// <summary>Retry-After as seconds or an HTTP date; null when absent or unparseable.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        if (response.Headers.RetryAfter is not { } value)
        {
            return null;
        }

        if (value.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    public static ApnsResponse Parse(
        int status, string? apnsId, string? uniqueId, ReadOnlySpan<byte> body, TimeSpan duration, string? requestId = null)
    {
        var (reasonText, timestampMs) = ParseBody(body);
        var reason = ApnsReasons.Parse(reasonText);
        return new ApnsResponse
        {
            Outcome = ApnsReasons.Classify(status, reason),
            ApnsId = apnsId,
            ApnsRequestId = requestId,
            ApnsUniqueId = uniqueId,
            HttpStatus = status,
            Reason = reason,
            ReasonText = reasonText,
            TokenInvalidSince = timestampMs is { } ms && ms >= MinUnixMilliseconds && ms <= MaxUnixMilliseconds
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null,
            Duration = duration,
        };
    }

    /// <summary>Reads <c>{"reason":…,"timestamp":&lt;ms&gt;}</c>; a body that is not such JSON yields nothing, not an error.</summary>
    internal static (string? Reason, long? TimestampMs) ParseBody(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, null);
        }

        string? reason = null;
        long? timestamp = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isReason = reader.ValueTextEquals("reason"u8);
                var isTimestamp = !isReason && reader.ValueTextEquals("timestamp"u8);
                if (!reader.Read())
                {
                    break;
                }

                if (isReason && reader.TokenType == JsonTokenType.String)
                {
                    reason = reader.GetString();
                }
                else if (isTimestamp && reader.TokenType == JsonTokenType.Number)
                {
                    // Milliseconds since the epoch (§1.9); a fractional value is truncated rather than rejected.
                    timestamp = reader.TryGetInt64(out var whole) ? whole : (long)reader.GetDouble();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A truncated or malformed body still leaves the status, and whatever was read before the error.
        }

        return (reason, timestamp);
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;
}
