using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Server.Mapping;

/// <summary>
/// Builds the payload JSON from aps and custom_data: <c>{"aps":{...}, custom keys...}</c>. Keys appear only when set,
/// in a fixed order. Runs once per notification on the hot path, so it writes straight to a per-thread reusable
/// buffer and allocates only the final byte array.
/// </summary>
internal static class PayloadWriter
{
    // A payload is at most 5120 bytes when valid; a buffer that grew far beyond that served an invalid one and is not kept.
    private const int RetainedBufferBytes = 16 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Only custom_data keys go through the encoder (values are written by JsonValueWriter.WriteString); relaxed
        // escaping keeps non-ASCII keys readable and short. "Unsafe" refers to embedding in HTML, which never happens.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonEncodedText ApsName = JsonEncodedText.Encode("aps");
    private static readonly JsonEncodedText AlertName = JsonEncodedText.Encode("alert");
    private static readonly JsonEncodedText TitleName = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText SubtitleName = JsonEncodedText.Encode("subtitle");
    private static readonly JsonEncodedText BodyName = JsonEncodedText.Encode("body");
    private static readonly JsonEncodedText LaunchImageName = JsonEncodedText.Encode("launch-image");
    private static readonly JsonEncodedText TitleLocKeyName = JsonEncodedText.Encode("title-loc-key");
    private static readonly JsonEncodedText TitleLocArgsName = JsonEncodedText.Encode("title-loc-args");
    private static readonly JsonEncodedText SubtitleLocKeyName = JsonEncodedText.Encode("subtitle-loc-key");
    private static readonly JsonEncodedText SubtitleLocArgsName = JsonEncodedText.Encode("subtitle-loc-args");
    private static readonly JsonEncodedText LocKeyName = JsonEncodedText.Encode("loc-key");
    private static readonly JsonEncodedText LocArgsName = JsonEncodedText.Encode("loc-args");
    private static readonly JsonEncodedText BadgeName = JsonEncodedText.Encode("badge");
    private static readonly JsonEncodedText SoundName = JsonEncodedText.Encode("sound");
    private static readonly JsonEncodedText CriticalName = JsonEncodedText.Encode("critical");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText VolumeName = JsonEncodedText.Encode("volume");
    private static readonly JsonEncodedText ThreadIdName = JsonEncodedText.Encode("thread-id");
    private static readonly JsonEncodedText CategoryName = JsonEncodedText.Encode("category");
    private static readonly JsonEncodedText ContentAvailableName = JsonEncodedText.Encode("content-available");
    private static readonly JsonEncodedText MutableContentName = JsonEncodedText.Encode("mutable-content");
    private static readonly JsonEncodedText TargetContentIdName = JsonEncodedText.Encode("target-content-id");
    private static readonly JsonEncodedText InterruptionLevelName = JsonEncodedText.Encode("interruption-level");
    private static readonly JsonEncodedText RelevanceScoreName = JsonEncodedText.Encode("relevance-score");
    private static readonly JsonEncodedText FilterCriteriaName = JsonEncodedText.Encode("filter-criteria");
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText ContentStateName = JsonEncodedText.Encode("content-state");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText StaleDateName = JsonEncodedText.Encode("stale-date");
    private static readonly JsonEncodedText DismissalDateName = JsonEncodedText.Encode("dismissal-date");
    private static readonly JsonEncodedText AttributesTypeName = JsonEncodedText.Encode("attributes-type");
    private static readonly JsonEncodedText AttributesName = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText InputPushTokenName = JsonEncodedText.Encode("input-push-token");
    private static readonly JsonEncodedText InputPushChannelName = JsonEncodedText.Encode("input-push-channel");
    private static readonly JsonEncodedText ContentChangedName = JsonEncodedText.Encode("content-changed");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Writes the payload. On failure <paramref name="payload"/> is empty and <paramref name="problem"/> names the
    /// field (a non-finite number or an enum value this version does not know cannot be written as JSON).
    /// </summary>
    public static bool TryWrite(Aps? aps, Struct? customData, out byte[] payload, out ApsKeys apsKeys, out PayloadProblem? problem)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);

        try
        {
            writer.WriteStartObject();
            writer.WritePropertyName(ApsName);
            apsKeys = ApsKeys.None;
            if (aps is null)
            {
                // APNs wants an aps dictionary even when it carries nothing (e.g. custom data only).
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else if (!TryWriteAps(writer, aps, out apsKeys, out problem))
            {
                problem = problem!.Value.Under("aps.");
                payload = [];
                return false;
            }

            if (customData is not null && !TryWriteCustomData(writer, customData, out problem))
            {
                problem = problem!.Value.Under("custom_data");
                payload = [];
                return false;
            }

            writer.WriteEndObject();
            writer.Flush();
            payload = buffer.WrittenSpan.ToArray();
            problem = null;
            return true;
        }
        finally
        {
            if (buffer.Capacity > RetainedBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    private static bool TryWriteCustomData(Utf8JsonWriter writer, Struct customData, out PayloadProblem? problem)
    {
        foreach (var field in customData.Fields)
        {
            // The validator rejects custom_data.aps; leaving it out keeps the document free of a duplicate key.
            if (field.Key == "aps")
            {
                continue;
            }

            writer.WritePropertyName(field.Key);
            if (!JsonValueWriter.TryWriteValue(writer, field.Value, out problem))
            {
                problem = problem!.Value.Under("." + field.Key);
                return false;
            }
        }

        problem = null;
        return true;
    }

    private static bool TryWriteAps(Utf8JsonWriter writer, Aps aps, out ApsKeys keys, out PayloadProblem? problem)
    {
        keys = ApsKeys.None;
        problem = null;
        writer.WriteStartObject();

        if (aps.Alert is { } alert)
        {
            WriteAlert(writer, alert);
            keys |= ApsKeys.Alert;
        }

        if (aps.HasBadge)
        {
            writer.WriteNumber(BadgeName, aps.Badge);
            keys |= ApsKeys.Badge;
        }

        if (aps.SoundCase == Aps.SoundOneofCase.SoundName && aps.SoundName.Length > 0)
        {
            WriteString(writer, SoundName, aps.SoundName);
            keys |= ApsKeys.Sound;
        }
        else if (aps.SoundCase == Aps.SoundOneofCase.CriticalSound)
        {
            if (!TryWriteCriticalSound(writer, aps.CriticalSound, out problem))
            {
                return false;
            }

            keys |= ApsKeys.Sound;
        }

        WriteStringIfSet(writer, ThreadIdName, aps.ThreadId);
        WriteStringIfSet(writer, CategoryName, aps.Category);
        if (aps.ContentAvailable)
        {
            writer.WriteNumber(ContentAvailableName, 1);
            keys |= ApsKeys.ContentAvailable;
        }

        if (aps.MutableContent)
        {
            writer.WriteNumber(MutableContentName, 1);
        }

        WriteStringIfSet(writer, TargetContentIdName, aps.TargetContentId);

        if (aps.InterruptionLevel != InterruptionLevel.Unspecified)
        {
            var level = aps.InterruptionLevel switch
            {
                InterruptionLevel.Passive => "passive",
                InterruptionLevel.Active => "active",
                InterruptionLevel.TimeSensitive => "time-sensitive",
                InterruptionLevel.Critical => "critical",
                _ => null,
            };
            if (level is null)
            {
                problem = UnknownEnumValue("interruption_level", (int)aps.InterruptionLevel);
                return false;
            }

            writer.WriteString(InterruptionLevelName, level);
        }

        if (aps.HasRelevanceScore)
        {
            writer.WritePropertyName(RelevanceScoreName);
            if (!JsonValueWriter.TryWriteNumber(writer, aps.RelevanceScore, out problem))
            {
                problem = problem!.Value.Under("relevance_score");
                return false;
            }
        }

        WriteStringIfSet(writer, FilterCriteriaName, aps.FilterCriteria);

        if (aps.Event != LiveActivityEvent.Unspecified)
        {
            var liveActivityEvent = aps.Event switch
            {
                LiveActivityEvent.Start => "start",
                LiveActivityEvent.Update => "update",
                LiveActivityEvent.End => "end",
                _ => null,
            };
            if (liveActivityEvent is null)
            {
                problem = UnknownEnumValue("event", (int)aps.Event);
                return false;
            }

            writer.WriteString(EventName, liveActivityEvent);
        }

        if (aps.ContentState is { } contentState)
        {
            writer.WritePropertyName(ContentStateName);
            if (!JsonValueWriter.TryWriteStruct(writer, contentState, out problem))
            {
                problem = problem!.Value.Under("content_state");
                return false;
            }
        }

        if (aps.HasTimestamp)
        {
            writer.WriteNumber(TimestampName, aps.Timestamp);
        }

        if (aps.HasStaleDate)
        {
            writer.WriteNumber(StaleDateName, aps.StaleDate);
        }

        if (aps.HasDismissalDate)
        {
            writer.WriteNumber(DismissalDateName, aps.DismissalDate);
        }

        WriteStringIfSet(writer, AttributesTypeName, aps.AttributesType);
        if (aps.Attributes is { } attributes)
        {
            writer.WritePropertyName(AttributesName);
            if (!JsonValueWriter.TryWriteStruct(writer, attributes, out problem))
            {
                problem = problem!.Value.Under("attributes");
                return false;
            }
        }

        if (aps.InputPushToken)
        {
            writer.WriteNumber(InputPushTokenName, 1);
        }

        WriteStringIfSet(writer, InputPushChannelName, aps.InputPushChannel);
        if (aps.ContentChanged)
        {
            writer.WriteBoolean(ContentChangedName, true);
        }

        writer.WriteEndObject();
        return true;
    }

    private static void WriteAlert(Utf8JsonWriter writer, Alert alert)
    {
        writer.WritePropertyName(AlertName);
        writer.WriteStartObject();
        WriteStringIfSet(writer, TitleName, alert.Title);
        WriteStringIfSet(writer, SubtitleName, alert.Subtitle);
        WriteStringIfSet(writer, BodyName, alert.Body);
        WriteStringIfSet(writer, LaunchImageName, alert.LaunchImage);
        WriteStringIfSet(writer, TitleLocKeyName, alert.TitleLocKey);
        WriteStringsIfAny(writer, TitleLocArgsName, alert.TitleLocArgs);
        WriteStringIfSet(writer, SubtitleLocKeyName, alert.SubtitleLocKey);
        WriteStringsIfAny(writer, SubtitleLocArgsName, alert.SubtitleLocArgs);
        WriteStringIfSet(writer, LocKeyName, alert.LocKey);
        WriteStringsIfAny(writer, LocArgsName, alert.LocArgs);
        writer.WriteEndObject();
    }

    private static bool TryWriteCriticalSound(Utf8JsonWriter writer, CriticalSound sound, out PayloadProblem? problem)
    {
        writer.WritePropertyName(SoundName);
        writer.WriteStartObject();
        if (sound.Critical)
        {
            writer.WriteNumber(CriticalName, 1);
        }

        WriteStringIfSet(writer, NameName, sound.Name);
        if (sound.HasVolume)
        {
            writer.WritePropertyName(VolumeName);
            if (!JsonValueWriter.TryWriteNumber(writer, sound.Volume, out problem))
            {
                problem = problem!.Value.Under("critical_sound.volume");
                return false;
            }
        }

        writer.WriteEndObject();
        problem = null;
        return true;
    }

    private static void WriteStringIfSet(Utf8JsonWriter writer, JsonEncodedText name, string value)
    {
        if (value.Length > 0)
        {
            WriteString(writer, name, value);
        }
    }

    private static void WriteString(Utf8JsonWriter writer, JsonEncodedText name, string value)
    {
        writer.WritePropertyName(name);
        JsonValueWriter.WriteString(writer, value);
    }

    private static void WriteStringsIfAny(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WritePropertyName(name);
        writer.WriteStartArray();
        for (var i = 0; i < values.Count; i++)
        {
            JsonValueWriter.WriteString(writer, values[i]);
        }

        writer.WriteEndArray();
    }

    private static PayloadProblem UnknownEnumValue(string field, int value) =>
        new(field, $"unknown value {value.ToString(CultureInfo.InvariantCulture)}");
}
