using System.Buffers;
using System.Text.Json;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>The JSON shape check of a payload, read straight from the request's buffers.</summary>
internal static class PayloadRules
{
    /// <summary>
    /// True when <paramref name="payload"/> is one well-formed JSON object whose "aps" member is an object.
    /// MDM pushes carry {"mdm":"..."} and no aps, so <paramref name="requireAps"/> is false for them.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySequence<byte> payload, bool requireAps)
    {
        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var hasAps = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isAps = reader.ValueTextEquals("aps"u8);
                reader.Read();
                hasAps |= isAps && reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
            }

            // Reading past the root object throws on trailing garbage and returns false on whitespace only.
            return !reader.Read() && (hasAps || !requireAps);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
