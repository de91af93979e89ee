using System.Text.Json;

namespace PushGrpc.Server.Mapping;

/// <summary>
/// Checks that a caller-built payload is one JSON object and notes which push-type-relevant aps keys it holds, in a
/// single forward pass without building a document.
/// </summary>
internal static class RawPayloadInspector
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        // What APNs accepts: strict JSON, no comments or trailing commas.
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Returns null when <paramref name="payload"/> is a JSON object, else why not.</summary>
    public static string? Inspect(ReadOnlySpan<byte> payload, out ApsKeys apsKeys)
    {
        apsKeys = ApsKeys.None;
        var reader = new Utf8JsonReader(payload, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "must be a JSON object";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isAps = reader.ValueTextEquals("aps"u8);
                reader.Read();
                if (isAps && reader.TokenType == JsonTokenType.StartObject)
                {
                    apsKeys |= ReadApsKeys(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            // Reading past the closing brace makes the reader throw on anything but whitespace after it.
            return reader.Read() ? "must be a JSON object" : null;
        }
        catch (JsonException ex)
        {
            return "must be a JSON object: " + ex.Message;
        }
    }

    private static ApsKeys ReadApsKeys(ref Utf8JsonReader reader)
    {
        var keys = ApsKeys.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueTextEquals("alert"u8) ? ApsKeys.Alert
                : reader.ValueTextEquals("badge"u8) ? ApsKeys.Badge
                : reader.ValueTextEquals("sound"u8) ? ApsKeys.Sound
                : reader.ValueTextEquals("content-available"u8) ? ApsKeys.ContentAvailable
                : ApsKeys.None;
            reader.Read();

            // Apple's silent-push flag is the number 1; "content-available": 0 asks for nothing.
            if (key != ApsKeys.ContentAvailable ||
                (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var flag) && flag != 0))
            {
                keys |= key;
            }

            reader.Skip();
        }

        return keys;
    }
}
