using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace PushGrpc.Apns.Internal.Http2;

/// <summary>
/// Encodes request header blocks (RFC 7541) straight into an <see cref="IBufferWriter{T}"/>, for one HTTP/2
/// connection. Strings go out raw, without Huffman coding: that is allowed, costs no CPU, and the fields that would
/// gain most (authorization, :authority, apns-topic) are sent once and then indexed through the dynamic table.
/// </summary>
/// <remarks>
/// The encoder keeps a mirror of the peer decoder's dynamic table, so every block depends on all blocks before it:
/// blocks must reach the wire in the order they were encoded, and the caller must serialize all calls (one encoder
/// per connection, used under the lock that orders HEADERS frames). Names must be lowercase ASCII; that is the
/// caller's duty and not checked. Values are checked, because they may come from the API's users.
/// </remarks>
internal sealed class HpackEncoder
{
    // RFC 9113 §6.5.2: the SETTINGS_HEADER_TABLE_SIZE every peer starts with, and the most this encoder uses even when
    // the peer allows more (a larger table only pays off for headers that vary more than APNs requests do).
    private const int DefaultTableSize = 4096;

    // RFC 7541 §4.1.
    private const int EntryOverhead = 32;

    // An int in HPACK's prefixed form takes at most the prefix byte plus five continuation bytes.
    private const int MaxIntegerLength = 6;

    // The mirror of the peer's dynamic table, oldest entry at _head. At most 4096 / 32 entries fit.
    private readonly Entry[] _entries = new Entry[DefaultTableSize / EntryOverhead];
    private int _head;
    private int _count;
    private int _tableSize;

    // The table size the peer's decoder knows about: the last one signaled, or the initial default.
    private int _maxTableSize = DefaultTableSize;

    // SETTINGS changes seen since the last block: applied (and signaled) when the next block begins, so that a call
    // made while a block is being written cannot put the mirror out of step with the decoder.
    private bool _sizeChangePending;
    private int _pendingSmallestSize;
    private int _pendingFinalSize;

    /// <summary>
    /// The peer's SETTINGS_HEADER_TABLE_SIZE changed. The encoder uses the smaller of it and 4096, and signals the
    /// change at the start of the next header block (RFC 7541 §4.2, §6.3).
    /// </summary>
    public void SetPeerMaxTableSize(uint value)
    {
        var size = (int)Math.Min(value, DefaultTableSize);
        if (!_sizeChangePending)
        {
            if (size == _maxTableSize)
            {
                return;
            }

            _sizeChangePending = true;
            _pendingSmallestSize = size;
        }

        _pendingSmallestSize = Math.Min(_pendingSmallestSize, size);
        _pendingFinalSize = size;
    }

    /// <summary>
    /// Starts a header block: writes any pending dynamic table size updates, which RFC 7541 §4.2 only allows at the
    /// start of a block. Call it first for every block.
    /// </summary>
    public void BeginBlock(IBufferWriter<byte> output)
    {
        if (!_sizeChangePending)
        {
            return;
        }

        _sizeChangePending = false;
        var span = output.GetSpan(2 * MaxIntegerLength);
        var written = 0;

        // §4.2: when the size went below its final value in between, the decoder must see that smallest size too, so
        // that it evicts what this encoder evicted.
        if (_pendingSmallestSize < _maxTableSize && _pendingSmallestSize < _pendingFinalSize)
        {
            SetMaxTableSize(_pendingSmallestSize);
            written += WriteInteger(span, _pendingSmallestSize, 5, 0x20);
        }

        if (_pendingFinalSize != _maxTableSize || written > 0)
        {
            SetMaxTableSize(_pendingFinalSize);
            written += WriteInteger(span[written..], _pendingFinalSize, 5, 0x20);
        }

        output.Advance(written);
    }

    /// <summary>
    /// Writes a field of the static table by its index, name and value both (e.g. 3 for ":method: POST", 7 for
    /// ":scheme: https"): one byte.
    /// </summary>
    public void WriteIndexed(IBufferWriter<byte> output, int staticIndex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(staticIndex, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(staticIndex, HpackStaticTable.Count);
        var span = output.GetSpan(1);
        span[0] = (byte)(0x80 | staticIndex);
        output.Advance(1);
    }

    /// <summary>
    /// Writes a field whose value repeats across requests (":authority", "authorization", "apns-topic", ...): as an
    /// index of one or two bytes once it is in the dynamic table, otherwise as a literal that the peer adds to its
    /// dynamic table (and this encoder to its mirror). A field larger than the whole table is written without indexing.
    /// </summary>
    /// <exception cref="ArgumentException">The value contains CR, LF, NUL or a character above U+00FF.</exception>
    public void WriteIndexable(IBufferWriter<byte> output, ReadOnlySpan<byte> name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Newest first: the hot path, a value written before. The reference check makes a repeated string (the JWT
        // held by the credential) a pointer compare before any content compare.
        byte[]? knownName = null;
        var knownNameIndex = 0;
        for (var dynamicIndex = 1; dynamicIndex <= _count; dynamicIndex++)
        {
            var entry = _entries[(_head + _count - dynamicIndex) % _entries.Length];
            if (!name.SequenceEqual(entry.Name))
            {
                continue;
            }

            if (ReferenceEquals(entry.Value, value) || string.Equals(entry.Value, value, StringComparison.Ordinal))
            {
                WriteIndex(output, HpackStaticTable.Count + dynamicIndex);
                return;
            }

            if (knownName is null)
            {
                knownName = entry.Name;
                knownNameIndex = HpackStaticTable.Count + dynamicIndex;
            }
        }

        var staticNameIndex = HpackStaticTable.Find(name, value, out var staticFieldIndex);
        if (staticFieldIndex != 0)
        {
            WriteIndex(output, staticFieldIndex);
            return;
        }

        // The static index never changes, so it is preferred; it is also at most 61, one byte.
        var nameIndex = staticNameIndex != 0 ? staticNameIndex : knownNameIndex;
        var size = name.Length + value.Length + EntryOverhead;
        if (size > _maxTableSize)
        {
            // Indexing it would only empty the table (§4.4) and gain nothing.
            WriteLiteralField(output, 0x00, 4, nameIndex, name, value);
            return;
        }

        WriteLiteralField(output, 0x40, 6, nameIndex, name, value);

        // After writing: the name index above refers to the table before this insertion, as the decoder reads it.
        EvictTo(_maxTableSize - size);
        _entries[(_head + _count) % _entries.Length] = new Entry(knownName ?? name.ToArray(), value);
        _count++;
        _tableSize += size;
    }

    /// <summary>
    /// Writes a field whose value changes every request (":path", "apns-id", "apns-expiration", ...) as a literal
    /// without indexing, so it does not push the repeating fields out of the dynamic table. The name goes by static
    /// index where it has one (":path" is 4).
    /// </summary>
    /// <exception cref="ArgumentException">The value contains CR, LF, NUL or a character above U+00FF.</exception>
    public void WriteLiteral(IBufferWriter<byte> output, ReadOnlySpan<byte> name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteLiteralField(output, 0x00, 4, HpackStaticTable.FindName(name), name, value);
    }

    /// <summary>
    /// <see cref="WriteLiteral(IBufferWriter{byte}, ReadOnlySpan{byte}, string)"/> for a value already encoded as
    /// bytes (e.g. formatted straight into a span).
    /// </summary>
    /// <exception cref="ArgumentException">The value contains CR, LF or NUL.</exception>
    public void WriteLiteral(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0)
        {
            throw ForbiddenCharacter(name, nameof(value));
        }

        var nameIndex = HpackStaticTable.FindName(name);
        var span = output.GetSpan(FieldLengthBound(nameIndex, name.Length, value.Length));
        var written = WriteFieldStart(span, 0x00, 4, nameIndex, name);
        written += WriteInteger(span[written..], value.Length, 7, 0x00);
        value.CopyTo(span[written..]);
        output.Advance(written + value.Length);
    }

    private static void WriteLiteralField(
        IBufferWriter<byte> output, byte pattern, int prefixBits, int nameIndex, ReadOnlySpan<byte> name, string value)
    {
        // A value may hold any Latin-1 character except NUL, CR and LF (RFC 9113 §8.2.1). Two vectorized scans are
        // cheaper than one scan against that irregular set. The range scan runs over ushort: its char instantiation
        // allocates until the JIT has optimized it, which would show up as garbage on every push at start-up.
        var chars = value.AsSpan();
        var invalid = MemoryMarshal.Cast<char, ushort>(chars).IndexOfAnyExceptInRange((ushort)1, (ushort)0xFF);
        if (invalid < 0)
        {
            invalid = chars.IndexOfAny('\r', '\n');
        }

        if (invalid >= 0)
        {
            throw value[invalid] > 0xFF
                ? new ArgumentException(
                    $"The value of header '{Encoding.Latin1.GetString(name)}' contains the character U+{(int)value[invalid]:X4}, "
                    + "which cannot be sent: header values are bytes, written here as Latin-1.",
                    nameof(value))
                : ForbiddenCharacter(name, nameof(value));
        }

        var span = output.GetSpan(FieldLengthBound(nameIndex, name.Length, value.Length));
        var written = WriteFieldStart(span, pattern, prefixBits, nameIndex, name);
        written += WriteInteger(span[written..], value.Length, 7, 0x00);

        // Every char was checked to be at most U+00FF above: this narrows one to one.
        written += Encoding.Latin1.GetBytes(value, span[written..]);
        output.Advance(written);
    }

    private static ArgumentException ForbiddenCharacter(ReadOnlySpan<byte> name, string paramName) =>
        new($"The value of header '{Encoding.Latin1.GetString(name)}' contains CR, LF or NUL, which RFC 9113 §8.2.1 forbids.", paramName);

    private static int FieldLengthBound(int nameIndex, int nameLength, int valueLength) =>
        MaxIntegerLength + (nameIndex == 0 ? MaxIntegerLength + nameLength : 0) + MaxIntegerLength + valueLength;

    // The representation's first byte(s) and, without a name index, the name as a raw string.
    private static int WriteFieldStart(Span<byte> span, byte pattern, int prefixBits, int nameIndex, ReadOnlySpan<byte> name)
    {
        var written = WriteInteger(span, nameIndex, prefixBits, pattern);
        if (nameIndex == 0)
        {
            written += WriteInteger(span[written..], name.Length, 7, 0x00);
            name.CopyTo(span[written..]);
            written += name.Length;
        }

        return written;
    }

    private static void WriteIndex(IBufferWriter<byte> output, int index)
    {
        var span = output.GetSpan(MaxIntegerLength);
        output.Advance(WriteInteger(span, index, 7, 0x80));
    }

    // RFC 7541 §5.1: the value in the low prefixBits of the first byte (whose high bits are pattern), continued in
    // 7-bit groups, least significant first, when it does not fit.
    private static int WriteInteger(Span<byte> span, int value, int prefixBits, byte pattern)
    {
        var prefixMax = (1 << prefixBits) - 1;
        if (value < prefixMax)
        {
            span[0] = (byte)(pattern | value);
            return 1;
        }

        span[0] = (byte)(pattern | prefixMax);
        var rest = (uint)(value - prefixMax);
        var written = 1;
        while (rest >= 0x80)
        {
            span[written++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        span[written++] = (byte)rest;
        return written;
    }

    private void SetMaxTableSize(int size)
    {
        _maxTableSize = size;
        EvictTo(size);
    }

    private void EvictTo(int maxSize)
    {
        while (_tableSize > maxSize)
        {
            ref var oldest = ref _entries[_head];
            _tableSize -= oldest.Name.Length + oldest.Value.Length + EntryOverhead;
            oldest = default;
            _head = (_head + 1) % _entries.Length;
            _count--;
        }
    }

    // The name array is shared with older entries of the same name when there are any; the value stays a string so
    // that a lookup can compare the caller's string by reference.
    private readonly record struct Entry(byte[] Name, string Value);
}
