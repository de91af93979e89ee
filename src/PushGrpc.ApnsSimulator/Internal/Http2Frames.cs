using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>The few HTTP/2 frame facts (RFC 9113 §4.1, §6) the fault layer reads and writes itself.</summary>
internal static class Http2Frames
{
    public const int HeaderLength = 9;
    public const byte TypeData = 0x0;
    public const byte TypeHeaders = 0x1;
    public const byte TypeRstStream = 0x3;
    public const byte TypeSettings = 0x4;
    public const byte TypeGoAway = 0x7;
    public const byte FlagEndStream = 0x1;
    public const byte FlagAck = 0x1;
    public const ushort SettingsMaxConcurrentStreams = 0x3;
    public const uint ErrorNoError = 0x0;
    public const uint ErrorRefusedStream = 0x7;

    /// <summary>"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n": what a client sends before its first frame.</summary>
    public const int ClientPrefaceLength = 24;

    public static byte[] Settings(ushort id, uint value)
    {
        var frame = new byte[HeaderLength + 6];
        WriteHeader(frame, 6, TypeSettings, 0, 0);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(HeaderLength), id);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(HeaderLength + 2), value);
        return frame;
    }

    /// <summary>Sets <paramref name="id"/> to <paramref name="value"/> in a whole SETTINGS frame; false when the frame does not carry it.</summary>
    public static bool TryRewriteSetting(Span<byte> frame, ushort id, uint value)
    {
        var found = false;
        for (var at = HeaderLength; at + 6 <= frame.Length; at += 6)
        {
            if (BinaryPrimitives.ReadUInt16BigEndian(frame[at..]) == id)
            {
                BinaryPrimitives.WriteUInt32BigEndian(frame[(at + 2)..], value);
                found = true;
            }
        }

        return found;
    }

    /// <summary>GOAWAY on stream 0: last-stream-id, error code, then <c>{"reason":"..."}</c> as debug data.</summary>
    public static byte[] GoAway(int lastStreamId, uint errorCode, string reason)
    {
        var debug = Encoding.UTF8.GetBytes($$"""{"reason":"{{reason}}"}""");
        var frame = new byte[HeaderLength + 8 + debug.Length];
        WriteHeader(frame, 8 + debug.Length, TypeGoAway, 0, 0);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(HeaderLength), lastStreamId & 0x7FFFFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(HeaderLength + 4), errorCode);
        debug.CopyTo(frame.AsSpan(HeaderLength + 8));
        return frame;
    }

    public static void WriteHeader(Span<byte> destination, int length, byte type, byte flags, int streamId)
    {
        destination[0] = (byte)(length >> 16);
        destination[1] = (byte)(length >> 8);
        destination[2] = (byte)length;
        destination[3] = type;
        destination[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], streamId & 0x7FFFFFFF);
    }

    public static FrameHeader ReadHeader(ReadOnlySpan<byte> source) => new(
        (source[0] << 16) | (source[1] << 8) | source[2],
        source[3],
        source[4],
        BinaryPrimitives.ReadInt32BigEndian(source[5..]) & 0x7FFFFFFF);
}

/// <summary>A parsed 9-byte frame header.</summary>
internal readonly record struct FrameHeader(int Length, byte Type, byte Flags, int StreamId)
{
    public bool EndsStream => (Type == Http2Frames.TypeData || Type == Http2Frames.TypeHeaders) && (Flags & Http2Frames.FlagEndStream) != 0;
}

/// <summary>
/// Follows frame boundaries in a byte stream that arrives in arbitrary pieces (the client's side of a connection),
/// reporting each frame header once it is complete; payloads are skipped, never copied.
/// </summary>
internal struct FrameCursor(int prefaceLength)
{
    private long skip = prefaceLength;
    private int headerFill;
    private HeaderBytes header;

    public void Advance(ReadOnlySequence<byte> bytes, Action<FrameHeader> onFrame)
    {
        foreach (var segment in bytes)
        {
            Advance(segment.Span, onFrame);
        }
    }

    private void Advance(ReadOnlySpan<byte> bytes, Action<FrameHeader> onFrame)
    {
        while (!bytes.IsEmpty)
        {
            if (skip > 0)
            {
                var n = (int)Math.Min(skip, bytes.Length);
                skip -= n;
                bytes = bytes[n..];
                continue;
            }

            var take = Math.Min(Http2Frames.HeaderLength - headerFill, bytes.Length);
            bytes[..take].CopyTo(((Span<byte>)header)[headerFill..]);
            headerFill += take;
            bytes = bytes[take..];
            if (headerFill == Http2Frames.HeaderLength)
            {
                var frame = Http2Frames.ReadHeader(header);
                headerFill = 0;
                skip = frame.Length;
                onFrame(frame);
            }
        }
    }

    [System.Runtime.CompilerServices.InlineArray(Http2Frames.HeaderLength)]
    private struct HeaderBytes
    {
        private byte element;
    }
}
