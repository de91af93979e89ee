using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace PushGrpc.Server.Mapping;

/// <summary>
/// Writes protobuf Struct/Value trees, numbers and strings to a <see cref="Utf8JsonWriter"/> the way APNs payloads want
/// them: integral numbers as integers and strings in their shortest form.
/// </summary>
internal static class JsonValueWriter
{
    // Doubles hold every integer up to 2^53 exactly; beyond that an integral double is not a meaningful integer.
    private const double MaxExactInteger = 9007199254740992d;

    private const int StackallocLimit = 256;

    /// <summary>
    /// Writes a JSON number. Struct numbers are all doubles, but Swift's JSONDecoder refuses "3.0" for an Int field
    /// and exponent notation is noise, so integral values are written as integers.
    /// </summary>
    public static bool TryWriteNumber(Utf8JsonWriter writer, double value, out PayloadProblem? problem)
    {
        if (!double.IsFinite(value))
        {
            problem = new PayloadProblem(string.Empty, $"must be a finite number (was {value.ToString(CultureInfo.InvariantCulture)})");
            return false;
        }

        if (Math.Abs(value) <= MaxExactInteger && value == Math.Floor(value))
        {
            writer.WriteNumberValue((long)value);
        }
        else
        {
            writer.WriteNumberValue(value);
        }

        problem = null;
        return true;
    }

    /// <summary>
    /// Writes a JSON string escaping only what JSON requires (quote, backslash, control characters). The built-in
    /// encoders escape every character outside the Basic Multilingual Plane, so an emoji would cost 12 bytes of the
    /// 4096-byte budget instead of 4.
    /// </summary>
    public static void WriteString(Utf8JsonWriter writer, string value)
    {
        var maxUtf8 = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rentedUtf8 = null;
        Span<byte> utf8Buffer = maxUtf8 <= StackallocLimit
            ? stackalloc byte[StackallocLimit]
            : (rentedUtf8 = ArrayPool<byte>.Shared.Rent(maxUtf8));
        var utf8 = utf8Buffer[..Encoding.UTF8.GetBytes(value, utf8Buffer)];

        var escapedLength = 2;
        foreach (var b in utf8)
        {
            escapedLength += EscapedLength(b);
        }

        byte[]? rentedJson = null;
        Span<byte> jsonBuffer = escapedLength <= StackallocLimit
            ? stackalloc byte[StackallocLimit]
            : (rentedJson = ArrayPool<byte>.Shared.Rent(escapedLength));
        var json = jsonBuffer[..escapedLength];
        json[0] = (byte)'"';
        var position = 1;
        foreach (var b in utf8)
        {
            position += WriteEscaped(b, json[position..]);
        }

        json[position] = (byte)'"';

        // The token is well-formed by construction; validating it again would scan it twice.
        writer.WriteRawValue(json, skipInputValidation: true);

        if (rentedUtf8 is not null)
        {
            ArrayPool<byte>.Shared.Return(rentedUtf8);
        }

        if (rentedJson is not null)
        {
            ArrayPool<byte>.Shared.Return(rentedJson);
        }
    }

    /// <summary>Writes a Struct as a JSON object, keys in the order the caller gave them.</summary>
    public static bool TryWriteStruct(Utf8JsonWriter writer, Struct value, out PayloadProblem? problem)
    {
        writer.WriteStartObject();
        foreach (var field in value.Fields)
        {
            writer.WritePropertyName(field.Key);
            if (!TryWriteValue(writer, field.Value, out problem))
            {
                problem = problem!.Value.Under("." + field.Key);
                return false;
            }
        }

        writer.WriteEndObject();
        problem = null;
        return true;
    }

    /// <summary>Writes any protobuf Value; an unset Value is null, as in proto JSON.</summary>
    public static bool TryWriteValue(Utf8JsonWriter writer, Value? value, out PayloadProblem? problem)
    {
        problem = null;
        switch (value?.KindCase ?? Value.KindOneofCase.None)
        {
            case Value.KindOneofCase.StructValue:
                return TryWriteStruct(writer, value!.StructValue, out problem);
            case Value.KindOneofCase.ListValue:
                return TryWriteList(writer, value!.ListValue, out problem);
            case Value.KindOneofCase.NumberValue:
                return TryWriteNumber(writer, value!.NumberValue, out problem);
            case Value.KindOneofCase.StringValue:
                WriteString(writer, value!.StringValue);
                return true;
            case Value.KindOneofCase.BoolValue:
                writer.WriteBooleanValue(value!.BoolValue);
                return true;
            default:
                writer.WriteNullValue();
                return true;
        }
    }

    private static bool TryWriteList(Utf8JsonWriter writer, ListValue list, out PayloadProblem? problem)
    {
        writer.WriteStartArray();
        for (var i = 0; i < list.Values.Count; i++)
        {
            if (!TryWriteValue(writer, list.Values[i], out problem))
            {
                problem = problem!.Value.Under("[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                return false;
            }
        }

        writer.WriteEndArray();
        problem = null;
        return true;
    }

    private static int EscapedLength(byte b) => b switch
    {
        (byte)'"' or (byte)'\\' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\b' or (byte)'\f' => 2,
        < 0x20 => 6,
        _ => 1,
    };

    private static int WriteEscaped(byte b, Span<byte> destination)
    {
        var shortEscape = b switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'\n' => (byte)'n',
            (byte)'\r' => (byte)'r',
            (byte)'\t' => (byte)'t',
            (byte)'\b' => (byte)'b',
            (byte)'\f' => (byte)'f',
            _ => (byte)0,
        };

        if (shortEscape != 0)
        {
            destination[0] = (byte)'\\';
            destination[1] = shortEscape;
            return 2;
        }

        if (b < 0x20)
        {
            "\\u00"u8.CopyTo(destination);
            destination[4] = HexDigit(b >> 4);
            destination[5] = HexDigit(b & 0xF);
            return 6;
        }

        destination[0] = b;
        return 1;
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
