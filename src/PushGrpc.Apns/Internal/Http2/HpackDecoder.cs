namespace PushGrpc.Apns.Internal.Http2;

/// <summary>
/// Receives decoded header fields from <see cref="HpackDecoder.Decode"/>. A callback rather than a returned list so
/// that decoding allocates nothing per field. The spans are only valid during the call: they point into the header
/// block, a reused scratch buffer or the dynamic table.
/// </summary>
internal interface IHpackHeaderHandler
{
    /// <summary>One header field, in block order; names arrive as the peer sent them (HTTP/2 requires lowercase).</summary>
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}

/// <summary>
/// Decodes HPACK header blocks (RFC 7541) the server sends on one HTTP/2 connection. One instance per connection: the
/// dynamic table is connection state that every header block builds on, in the order the blocks arrived. Not
/// thread-safe; the connection's single reader calls it.
/// </summary>
internal sealed class HpackDecoder
{
    // RFC 7541 §4.1: an entry's size is its name and value lengths plus 32, an estimate of per-entry overhead.
    private const int EntryOverhead = 32;

    private readonly int _maxTableSize;
    private readonly int _maxHeaderListSize;

    // The dynamic table as a ring of entries, oldest at _head. Each entry is one array, name then value, so an insert
    // costs one allocation; arrays are never reused, so spans handed out earlier stay valid even after eviction.
    private Entry[] _entries = new Entry[16];
    private int _head;
    private int _count;
    private int _tableSize;

    // The limit the peer chose with its last size update: at most _maxTableSize.
    private int _tableCapacity;

    // Huffman-decoded strings land here. Replaced (not copied) when too small: a name decoded into the old array is
    // still referenced by its span while the value decodes into the new one.
    private byte[] _scratch = new byte[512];
    private int _scratchUsed;

    private bool _failed;

    /// <param name="maxTableSize">
    /// The SETTINGS_HEADER_TABLE_SIZE this side advertises, which is also the table size the peer starts from. A
    /// dynamic table size update above it is a decoding error (RFC 7541 §6.3).
    /// </param>
    /// <param name="maxHeaderListSize">
    /// The most a block may decode to, counted as RFC 9113 §6.5.2 counts SETTINGS_MAX_HEADER_LIST_SIZE (name + value
    /// + 32 per field), so a hostile or broken peer cannot make one block expand without bound.
    /// </param>
    public HpackDecoder(int maxTableSize = 4096, int maxHeaderListSize = 64 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeaderListSize);
        _maxTableSize = maxTableSize;
        _maxHeaderListSize = maxHeaderListSize;
        _tableCapacity = maxTableSize;
    }

    /// <summary>The dynamic table's current size in RFC 7541 §4.1 terms; for tests and diagnostics.</summary>
    public int DynamicTableSize => _tableSize;

    /// <summary>The number of entries in the dynamic table; for tests and diagnostics.</summary>
    public int DynamicTableCount => _count;

    /// <summary>
    /// Decodes one complete header block (the HEADERS fragment and any CONTINUATION fragments, concatenated) and hands
    /// each field to <paramref name="handler"/> in order.
    /// </summary>
    /// <exception cref="HpackException">
    /// The block is malformed. The dynamic table may have been changed part way, so the decoder refuses all later
    /// blocks too: the connection has to end with COMPRESSION_ERROR (RFC 9113 §4.3).
    /// </exception>
    public void Decode(ReadOnlySpan<byte> block, IHpackHeaderHandler handler)
    {
        if (_failed)
        {
            throw new HpackException("The decoder failed on an earlier header block; its dynamic table no longer matches the peer's.");
        }

        // Stays set if anything below throws; no try/catch needed on the way out.
        _failed = true;
        var position = 0;
        var fieldSeen = false;
        var listSize = 0L;
        while (position < block.Length)
        {
            var first = block[position];
            ReadOnlySpan<byte> name;
            ReadOnlySpan<byte> value;
            _scratchUsed = 0;
            if ((first & 0x80) != 0)
            {
                // Indexed field (§6.1).
                var index = ReadInteger(block, ref position, 7);
                if (index == 0)
                {
                    throw new HpackException("Indexed header field with index 0.");
                }

                GetEntry(index, out name, out value);
            }
            else if ((first & 0x40) != 0)
            {
                // Literal with incremental indexing (§6.2.1).
                ReadLiteral(block, ref position, 6, out name, out value);
                Insert(name, value);
            }
            else if ((first & 0x20) != 0)
            {
                // Dynamic table size update (§6.3); only allowed before the first field (§4.2).
                if (fieldSeen)
                {
                    throw new HpackException("Dynamic table size update after the first header field of the block.");
                }

                var newCapacity = ReadInteger(block, ref position, 5);
                if (newCapacity > _maxTableSize)
                {
                    throw new HpackException(
                        $"Dynamic table size update to {newCapacity} exceeds the advertised maximum of {_maxTableSize}.");
                }

                _tableCapacity = newCapacity;
                EvictTo(newCapacity);
                continue;
            }
            else
            {
                // Literal without indexing (§6.2.2) or never indexed (§6.2.3): the same to a client that forwards nothing.
                ReadLiteral(block, ref position, 4, out name, out value);
            }

            fieldSeen = true;
            listSize += name.Length + value.Length + EntryOverhead;
            if (listSize > _maxHeaderListSize)
            {
                throw new HpackException($"Header list exceeds {_maxHeaderListSize} bytes.");
            }

            handler.OnHeader(name, value);
        }

        _failed = false;
    }

    private static int ReadInteger(ReadOnlySpan<byte> block, scoped ref int position, int prefixBits)
    {
        // RFC 7541 §5.1.
        var prefixMax = (1 << prefixBits) - 1;
        var value = block[position++] & prefixMax;
        if (value < prefixMax)
        {
            return value;
        }

        long result = value;
        for (var shift = 0; ; shift += 7)
        {
            if (position >= block.Length)
            {
                throw new HpackException("Truncated integer at the end of the header block.");
            }

            // Five continuation bytes carry 35 bits; a sixth can only be overflow or padding no encoder needs.
            if (shift > 28)
            {
                throw new HpackException("Integer overflow: encoded with more continuation bytes than an int needs.");
            }

            var b = block[position++];
            result += (long)(b & 0x7F) << shift;
            if (result > int.MaxValue)
            {
                throw new HpackException("Integer overflow: value exceeds the int range.");
            }

            if ((b & 0x80) == 0)
            {
                return (int)result;
            }
        }
    }

    private void ReadLiteral(
        ReadOnlySpan<byte> block, scoped ref int position, int prefixBits, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var nameIndex = ReadInteger(block, ref position, prefixBits);
        if (nameIndex == 0)
        {
            name = ReadString(block, ref position);
        }
        else
        {
            GetEntry(nameIndex, out name, out _);
        }

        value = ReadString(block, ref position);
    }

    private ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> block, scoped ref int position)
    {
        // RFC 7541 §5.2.
        if (position >= block.Length)
        {
            throw new HpackException("Truncated string: the header block ends where a string should start.");
        }

        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new HpackException($"Truncated string: length {length} but {block.Length - position} bytes left in the header block.");
        }

        var encoded = block.Slice(position, length);
        position += length;
        if (!huffman)
        {
            return encoded;
        }

        var maxDecoded = Huffman.MaxDecodedLength(length);
        if (_scratch.Length - _scratchUsed < maxDecoded)
        {
            _scratch = new byte[Math.Max(_scratch.Length * 2, maxDecoded)];
            _scratchUsed = 0;
        }

        var decoded = _scratch.AsSpan(_scratchUsed);
        var decodedLength = Huffman.Decode(encoded, decoded);
        _scratchUsed += decodedLength;
        return decoded[..decodedLength];
    }

    private void GetEntry(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (index <= HpackStaticTable.Count)
        {
            name = HpackStaticTable.Name(index);
            value = HpackStaticTable.Value(index);
            return;
        }

        // Dynamic index 1 is the newest entry (§2.3.3).
        var dynamicIndex = index - HpackStaticTable.Count;
        if (dynamicIndex > _count)
        {
            throw new HpackException(
                $"Header index {index} is beyond the static and dynamic tables ({HpackStaticTable.Count + _count} entries).");
        }

        var entry = _entries[(_head + _count - dynamicIndex) % _entries.Length];
        name = entry.Data.AsSpan(0, entry.NameLength);
        value = entry.Data.AsSpan(entry.NameLength);
    }

    private void Insert(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var size = name.Length + value.Length + EntryOverhead;
        if (size > _tableCapacity)
        {
            // §4.4: an entry larger than the table empties it and is not added.
            EvictTo(0);
            return;
        }

        // Copy before evicting: the name may be that of an entry about to go (§4.4).
        var data = new byte[name.Length + value.Length];
        name.CopyTo(data);
        value.CopyTo(data.AsSpan(name.Length));
        EvictTo(_tableCapacity - size);

        if (_count == _entries.Length)
        {
            Grow();
        }

        _entries[(_head + _count) % _entries.Length] = new Entry(data, name.Length);
        _count++;
        _tableSize += size;
    }

    private void EvictTo(int maxSize)
    {
        while (_tableSize > maxSize)
        {
            ref var oldest = ref _entries[_head];
            _tableSize -= oldest.Data.Length + EntryOverhead;
            oldest = default;
            _head = (_head + 1) % _entries.Length;
            _count--;
        }
    }

    private void Grow()
    {
        // Grown on demand rather than sized for the worst case (capacity / 32 entries) up front: typical tables hold a
        // few large entries.
        var larger = new Entry[_entries.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _entries[(_head + i) % _entries.Length];
        }

        _entries = larger;
        _head = 0;
    }

    private readonly record struct Entry(byte[] Data, int NameLength);
}
