using System.Buffers;
using System.Net.Http;
using System.Text.Json;

namespace PushGrpc.Apns.Internal;

/// <summary>Turns a channel-management answer into an <see cref="ApnsChannelResponse"/> (apns-reference §7.1, §7.3).</summary>
internal static class ApnsChannelResponseParser
{
    // A list of 10,000 channels (the per-app limit) of a few dozen characters each stays well below this.
    private const int MaxBodyBytes = 1 << 20;

    public static async ValueTask<ApnsChannelResponse> ReadAsync(
        HttpResponseMessage response,
        ChannelOperation operation,
        string? sentChannelId,
        string sentRequestId,
        TimeProvider timeProvider,
        long startTimestamp,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ApnsChannelResponse parsed;
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes);
        try
        {
            var length = await ApnsResponseParser.ReadBodyAsync(response, buffer.AsMemory(0, MaxBodyBytes), cancellationToken).ConfigureAwait(false);
            parsed = Parse(status, operation, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return parsed with
        {
            ApnsRequestId = ApnsResponseParser.Header(response, "apns-request-id") ?? sentRequestId,
            ChannelId = operation == ChannelOperation.Create ? ApnsResponseParser.Header(response, "apns-channel-id")
                : operation == ChannelOperation.List ? null
                : ApnsResponseParser.Header(response, "apns-channel-id") ?? sentChannelId,
            Duration = timeProvider.GetElapsedTime(startTimestamp),
            RetryAfter = ApnsResponseParser.RetryAfter(response, timeProvider),
        };
    }

    /// <summary>
    /// Status and body: 2xx is Accepted (201 create, 200 read and list, 204 delete), anything else is classified as a
    /// push answer is. A body that is not the expected JSON yields no fields, not an error.
    /// </summary>
    public static ApnsChannelResponse Parse(int status, ChannelOperation operation, ReadOnlySpan<byte> body)
    {
        string? reasonText = null;
        ApnsMessageStoragePolicy? storagePolicy = null;
        List<string>? channels = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!body.IsEmpty && reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isReason = reader.ValueTextEquals("reason"u8);
                    var isPolicy = reader.ValueTextEquals("message-storage-policy"u8);
                    var isChannels = reader.ValueTextEquals("channels"u8);
                    if (!reader.Read())
                    {
                        break;
                    }

                    if (isReason && reader.TokenType == JsonTokenType.String)
                    {
                        reasonText = reader.GetString();
                    }
                    else if (isPolicy && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var policy) &&
                             Enum.IsDefined((ApnsMessageStoragePolicy)policy))
                    {
                        storagePolicy = (ApnsMessageStoragePolicy)policy;
                    }
                    else if (isChannels && reader.TokenType == JsonTokenType.StartArray)
                    {
                        channels = [];
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } id)
                            {
                                channels.Add(id);
                            }
                            else
                            {
                                reader.Skip();
                            }
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A truncated or malformed body still leaves the status, and whatever was read before the error.
        }

        var reason = ApnsReasons.Parse(reasonText);
        return new ApnsChannelResponse
        {
            Outcome = status is >= 200 and < 300 ? ApnsOutcome.Accepted : ApnsReasons.Classify(status, reason),
            HttpStatus = status,
            Reason = reason,
            ReasonText = reasonText,
            StoragePolicy = operation == ChannelOperation.Get ? storagePolicy : null,
            ChannelIds = operation == ChannelOperation.List && channels is not null ? channels : [],
        };
    }
}
