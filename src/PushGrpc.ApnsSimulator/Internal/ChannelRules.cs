using System.Buffers;
using System.Text.Json;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>The shapes of the broadcast API: channel ids, the create-channel body and the ActivityKit broadcast payload.</summary>
internal static class ChannelRules
{
    /// <summary>
    /// Longest apns-channel-id accepted. Apple says only "too long" is BadChannelId and not to assume a length; the
    /// simulator issues 24 characters and allows some room.
    /// </summary>
    public const int MaxChannelIdLength = 64;

    /// <summary>Bodies of create requests and broadcasts are read up to this many bytes (the broadcast limit, §2.1).</summary>
    public const int MaxBodyBytes = 5120;

    private const string LiveActivity = "LiveActivity";

    /// <summary>Null when the id is well formed, else the reason.</summary>
    public static string? CheckChannelId(string? channelId)
    {
        if (string.IsNullOrEmpty(channelId))
        {
            return nameof(ApnsReason.MissingChannelId);
        }

        Span<byte> decoded = stackalloc byte[MaxChannelIdLength];
        return channelId.Length <= MaxChannelIdLength && Convert.TryFromBase64String(channelId, decoded, out var length) && length > 0
            ? null
            : nameof(ApnsReason.BadChannelId);
    }

    /// <summary>Push types are compared case-insensitively: Apple's docs spell LiveActivity several ways.</summary>
    public static bool IsLiveActivity(string? pushType) => string.Equals(pushType, LiveActivity, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads <c>{"message-storage-policy":0|1,"push-type":"LiveActivity"}</c>. Unparseable → BadRequestPayload; an
    /// unknown member, or a policy that is missing or not 0/1 → BadRequestParams; no push-type → MissingPushType; another
    /// push type → InvalidPushType.
    /// </summary>
    public static string? ReadCreateBody(ReadOnlySequence<byte> body, out ApnsMessageStoragePolicy policy)
    {
        policy = default;
        int? storage = null;
        string? pushType = null;
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return nameof(ApnsReason.BadRequestPayload);
            }

            var badParams = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("message-storage-policy"u8))
                {
                    reader.Read();
                    storage = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : -1;
                }
                else if (reader.ValueTextEquals("push-type"u8))
                {
                    reader.Read();
                    pushType = reader.TokenType == JsonTokenType.String ? reader.GetString() : string.Empty;
                }
                else
                {
                    badParams = true;
                    reader.Read();
                }

                reader.Skip();
            }

            // Trailing garbage throws here; the whole body is checked before its members are judged.
            if (reader.Read())
            {
                return nameof(ApnsReason.BadRequestPayload);
            }

            if (badParams || storage is not (0 or 1))
            {
                return nameof(ApnsReason.BadRequestParams);
            }
        }
        catch (JsonException)
        {
            return nameof(ApnsReason.BadRequestPayload);
        }

        if (pushType is null)
        {
            return nameof(ApnsReason.MissingPushType);
        }

        if (!IsLiveActivity(pushType))
        {
            return nameof(PushGrpc.Apns.ApnsReason.InvalidPushType);
        }

        policy = (ApnsMessageStoragePolicy)storage.Value;
        return null;
    }

    /// <summary>
    /// Null for an ActivityKit update or end: one JSON object whose "aps" object has "event" "update" or "end", a
    /// numeric "timestamp" and a "content-state" object. Unparseable, or any of those missing or mistyped →
    /// BadRequestPayload; another event (a broadcast cannot start an activity, §2.7) → BadRequestParams.
    /// </summary>
    public static string? CheckBroadcastPayload(ReadOnlySequence<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("aps", out var aps) || aps.ValueKind != JsonValueKind.Object ||
                !aps.TryGetProperty("event", out var activityEvent) || activityEvent.ValueKind != JsonValueKind.String ||
                !aps.TryGetProperty("timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.Number ||
                !aps.TryGetProperty("content-state", out var contentState) || contentState.ValueKind != JsonValueKind.Object)
            {
                return nameof(ApnsReason.BadRequestPayload);
            }

            return activityEvent.GetString() is "update" or "end" ? null : nameof(ApnsReason.BadRequestParams);
        }
        catch (JsonException)
        {
            return nameof(ApnsReason.BadRequestPayload);
        }
    }
}
