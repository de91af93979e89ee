using System.Buffers;
using System.Text;
using PushGrpc.Apns.Internal.Http2;

namespace PushGrpc.Apns.Tests;

public sealed class HpackTests
{
    private static readonly (string, string)[] RfcC3Request1 =
        [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")];

    private static readonly (string, string)[] RfcC3Request2 =
        [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")];

    private static readonly (string, string)[] RfcC3Request3 =
        [(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")];

    private static readonly (string, string)[] RfcC5Response1 =
        [(":status", "302"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")];

    private static readonly (string, string)[] RfcC5Response2 =
        [(":status", "307"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")];

    private static readonly (string, string)[] RfcC5Response3 =
    [
        (":status", "200"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:22 GMT"),
        ("location", "https://www.example.com"), ("content-encoding", "gzip"),
        ("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"),
    ];

    [Fact]
    public void Decode_RfcC21LiteralWithIndexing_YieldsFieldAndAddsEntry()
    {
        var decoder = new HpackDecoder();

        var headers = Decode(decoder, "400a637573746f6d2d6b65790d637573746f6d2d686561646572");

        Assert.Equal([("custom-key", "custom-header")], headers);
        Assert.Equal(55, decoder.DynamicTableSize);
    }

    [Theory]
    [InlineData("040c2f73616d706c652f70617468", ":path", "/sample/path")] // C.2.2: without indexing
    [InlineData("100870617373776f726406736563726574", "password", "secret")] // C.2.3: never indexed
    [InlineData("82", ":method", "GET")] // C.2.4: indexed
    public void Decode_RfcC2FieldsThatAreNotIndexed_YieldFieldAndLeaveTableEmpty(string hex, string name, string value)
    {
        var decoder = new HpackDecoder();

        var headers = Decode(decoder, hex);

        Assert.Equal([(name, value)], headers);
        Assert.Equal(0, decoder.DynamicTableCount);
        Assert.Equal(0, decoder.DynamicTableSize);
    }

    [Fact]
    public void Decode_RfcC3Requests_YieldsHeadersAndTable()
    {
        var decoder = new HpackDecoder();

        Assert.Equal(RfcC3Request1, Decode(decoder, "828684410f7777772e6578616d706c652e636f6d"));
        Assert.Equal(57, decoder.DynamicTableSize);

        // 0xbe is dynamic index 62: the :authority the first request added.
        Assert.Equal(RfcC3Request2, Decode(decoder, "828684be58086e6f2d6361636865"));
        Assert.Equal(110, decoder.DynamicTableSize);

        // 0xbf is 63: the first request's entry, now second newest.
        Assert.Equal(
            RfcC3Request3,
            Decode(decoder, "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565"));
        Assert.Equal(164, decoder.DynamicTableSize);
        Assert.Equal(3, decoder.DynamicTableCount);
    }

    [Fact]
    public void Decode_RfcC4HuffmanRequests_YieldsHeadersAndTable()
    {
        var decoder = new HpackDecoder();

        Assert.Equal(RfcC3Request1, Decode(decoder, "828684418cf1e3c2e5f23a6ba0ab90f4ff"));
        Assert.Equal(57, decoder.DynamicTableSize);

        Assert.Equal(RfcC3Request2, Decode(decoder, "828684be5886a8eb10649cbf"));
        Assert.Equal(110, decoder.DynamicTableSize);

        Assert.Equal(RfcC3Request3, Decode(decoder, "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf"));
        Assert.Equal(164, decoder.DynamicTableSize);
        Assert.Equal(3, decoder.DynamicTableCount);
    }

    [Fact]
    public void Decode_RfcC5ResponsesWithEviction_YieldsHeadersAndTable()
    {
        var decoder = new HpackDecoder(maxTableSize: 256);

        Assert.Equal(
            RfcC5Response1,
            Decode(
                decoder,
                "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d54"
                + "6e1768747470733a2f2f7777772e6578616d706c652e636f6d"));
        Assert.Equal(222, decoder.DynamicTableSize);
        Assert.Equal(4, decoder.DynamicTableCount);

        // ":status: 307" pushes out ":status: 302"; c1/c0/bf then address the three survivors.
        Assert.Equal(RfcC5Response2, Decode(decoder, "4803333037c1c0bf"));
        Assert.Equal(222, decoder.DynamicTableSize);
        Assert.Equal(4, decoder.DynamicTableCount);

        Assert.Equal(
            RfcC5Response3,
            Decode(
                decoder,
                "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d"
                + "4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b207665"
                + "7273696f6e3d31"));
        Assert.Equal(215, decoder.DynamicTableSize);
        Assert.Equal(3, decoder.DynamicTableCount);
    }

    [Fact]
    public void Decode_RfcC6HuffmanResponsesWithEviction_YieldsHeadersAndTable()
    {
        var decoder = new HpackDecoder(maxTableSize: 256);

        Assert.Equal(
            RfcC5Response1,
            Decode(
                decoder,
                "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f"
                + "0b97c8e9ae82ae43d3"));
        Assert.Equal(222, decoder.DynamicTableSize);

        Assert.Equal(RfcC5Response2, Decode(decoder, "4883640effc1c0bf"));
        Assert.Equal(222, decoder.DynamicTableSize);

        Assert.Equal(
            RfcC5Response3,
            Decode(
                decoder,
                "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335df"
                + "dfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007"));
        Assert.Equal(215, decoder.DynamicTableSize);
        Assert.Equal(3, decoder.DynamicTableCount);
    }

    [Fact]
    public void Decode_LongHuffmanNameAndValue_DecodesBothBeyondTheInitialScratch()
    {
        // Eight 'a's (code 00011) fill exactly five bytes; 200 such groups decode to 1,600 bytes, more than the
        // scratch buffer starts with, while the name decoded just before must survive the buffer's replacement.
        byte[] eightAs = [0x18, 0xC6, 0x31, 0x8C, 0x63];
        var block = new List<byte> { 0x00, 0x81, 0x1F, 0xFF, 0xE9, 0x06 };
        for (var i = 0; i < 200; i++)
        {
            block.AddRange(eightAs);
        }

        var headers = Decode(new HpackDecoder(), [.. block]);

        Assert.Equal([("a", new string('a', 1600))], headers);
    }

    [Fact]
    public void Decode_SizeUpdatesAtStartOfBlock_ApplyBeforeTheFields()
    {
        var decoder = new HpackDecoder();
        Decode(decoder, "400a637573746f6d2d6b65790d637573746f6d2d686561646572");

        // Two updates (to 0, then to 4096 = 31 + 0xfe1) are allowed at the start; the first empties the table.
        var headers = Decode(decoder, "203fe11f82");

        Assert.Equal([(":method", "GET")], headers);
        Assert.Equal(0, decoder.DynamicTableCount);
    }

    [Fact]
    public void Decode_LargestIntIndex_IsBeyondTablesNotOverflow()
    {
        // 127 + 0x00 + (0x7f << 7) + (0x7f << 14) + (0x7f << 21) + (7 << 28) = int.MaxValue.
        var error = DecodeError(new HpackDecoder(), "ff80ffffff07");

        Assert.Contains("beyond", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("80", "index 0")]
    [InlineData("be", "beyond")] // index 62 with an empty dynamic table
    [InlineData("7e0161", "beyond")] // literal whose name index (62) is beyond the tables
    [InlineData("ff", "Truncated integer")]
    [InlineData("ff80", "Truncated integer")]
    [InlineData("4005616263", "Truncated string")] // name of 5 bytes, 3 present
    [InlineData("40", "Truncated string")] // name missing
    [InlineData("04", "Truncated string")] // value missing
    [InlineData("ff81ffffff07", "overflow")] // int.MaxValue + 1
    [InlineData("ff808080808000", "overflow")] // sixth continuation byte
    [InlineData("000161" + "84ffffffff", "EOS")] // 30 one bits are the EOS code
    [InlineData("000161" + "81ff", "longer than 7 bits")] // 8 one bits of padding
    [InlineData("000161" + "8100", "not all ones")] // '0' (00000) then 000
    [InlineData("000161" + "81fe", "not all ones")] // no complete symbol: 1111111 0
    [InlineData("8220", "after the first header field")]
    [InlineData("3fe21f", "exceeds the advertised maximum")] // 4097
    public void Decode_MalformedBlock_ThrowsNamingTheProblem(string hex, string expected)
    {
        var error = DecodeError(new HpackDecoder(), hex);

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_SizeUpdateAboveConstructorMaximum_Throws()
    {
        // 257 = 31 + 226 (0xe2 = 0x62 | continuation, then 1).
        var error = DecodeError(new HpackDecoder(maxTableSize: 256), "3fe201");

        Assert.Contains("256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HeaderListAboveLimit_Throws()
    {
        var decoder = new HpackDecoder(maxHeaderListSize: 100);
        var value = new string('v', 60);

        // The first field counts 1 + 60 + 32 = 93, the second brings the list to 186.
        var block = Concat([0x00, 0x01, (byte)'a', 60], Encoding.ASCII.GetBytes(value));
        Assert.Single(Decode(decoder, block));
        var error = DecodeError(decoder, Concat(block, block));

        Assert.Contains("Header list exceeds 100 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_AfterAnError_RefusesLaterBlocks()
    {
        var decoder = new HpackDecoder();
        DecodeError(decoder, "80");

        var error = DecodeError(decoder, "82");

        Assert.Contains("earlier header block", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ApnsRequest_RoundTripsThroughDecoder()
    {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        var jwt = "bearer " + new string('j', 200);

        for (var round = 0; round < 3; round++)
        {
            var output = new ArrayBufferWriter<byte>();
            encoder.BeginBlock(output);
            encoder.WriteIndexed(output, 3);
            encoder.WriteIndexed(output, 7);
            encoder.WriteIndexable(output, ":authority"u8, "api.push.apple.com");
            encoder.WriteLiteral(output, ":path"u8, $"/3/device/token{round}");
            encoder.WriteIndexable(output, "authorization"u8, jwt);
            encoder.WriteIndexable(output, "apns-topic"u8, "com.example.app");
            encoder.WriteIndexable(output, "apns-push-type"u8, "alert");
            encoder.WriteLiteral(output, "apns-id"u8, $"id-{round}");
            encoder.WriteLiteral(output, "apns-expiration"u8, "0"u8);

            Assert.Equal(
                [
                    (":method", "POST"), (":scheme", "https"), (":authority", "api.push.apple.com"),
                    (":path", $"/3/device/token{round}"), ("authorization", jwt), ("apns-topic", "com.example.app"),
                    ("apns-push-type", "alert"), ("apns-id", $"id-{round}"), ("apns-expiration", "0"),
                ],
                Decode(decoder, output.WrittenSpan.ToArray()));
            if (round > 0)
            {
                // Two static bytes, four one-byte indices, and the three literals.
                var literals = (1 + 1 + 16) + (1 + 1 + 7 + 1 + 4) + (1 + 1 + 15 + 1 + 1);
                Assert.Equal(2 + 4 + literals, output.WrittenCount);
            }
        }

        Assert.Equal(4, decoder.DynamicTableCount);
    }

    [Fact]
    public void WriteIndexable_SameFieldTwice_IsOneIndexedByteTheSecondTime()
    {
        var encoder = new HpackEncoder();
        var first = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(first);
        encoder.WriteIndexable(first, "apns-topic"u8, "com.example.app");

        // A different string instance with the same content must hit too (compared by content after reference).
        var second = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(second);
        encoder.WriteIndexable(second, "apns-topic"u8, new string("com.example.app".AsSpan()));

        Assert.Equal(0x40, first.WrittenSpan[0]); // literal with incremental indexing, literal name
        Assert.Equal([0xBE], second.WrittenSpan.ToArray()); // index 62
        var decoder = new HpackDecoder();
        Decode(decoder, first.WrittenSpan.ToArray());
        Assert.Equal([("apns-topic", "com.example.app")], Decode(decoder, second.WrittenSpan.ToArray()));
    }

    [Fact]
    public void WriteIndexable_NewValueForKnownName_ReusesNameIndex()
    {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "apns-topic"u8, "com.example.one"));

        var (bytes, headers) = RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "apns-topic"u8, "com.example.two"));

        Assert.Equal(0x7E, bytes[0]); // with indexing, name from dynamic index 62
        Assert.Equal([("apns-topic", "com.example.two")], headers);
        Assert.Equal(2, decoder.DynamicTableCount);
    }

    [Fact]
    public void WriteIndexable_StaticName_UsesStaticNameIndex()
    {
        var (bytes, _) = RoundTrip(new HpackEncoder(), new HpackDecoder(), (e, o) => e.WriteIndexable(o, "authorization"u8, "x"));

        Assert.Equal([0x40 | 23, 1, (byte)'x'], bytes);
    }

    [Fact]
    public void WriteIndexable_ManyDistinctValues_EvictsOldestInStepWithDecoder()
    {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        string Jwt(int i) => $"bearer {i:D4}" + new string('j', 200);

        for (var i = 0; i < 100; i++)
        {
            var value = Jwt(i);
            var (_, headers) = RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "authorization"u8, value));
            Assert.Equal([("authorization", value)], headers);
        }

        // Each entry is 13 + 211 + 32 = 256 bytes: 16 fit in 4096.
        Assert.Equal(16, decoder.DynamicTableCount);
        Assert.Equal(4096, decoder.DynamicTableSize);
        var (recent, _) = RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "authorization"u8, Jwt(84)));
        Assert.Equal([0x80 | 77], recent); // 62 + 15: the oldest survivor
        var (evicted, evictedHeaders) = RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "authorization"u8, Jwt(83)));
        Assert.True(evicted.Length > 200);
        Assert.Equal([("authorization", Jwt(83))], evictedHeaders);
    }

    [Fact]
    public void WriteIndexable_ValueLargerThanTable_IsWrittenWithoutIndexing()
    {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "apns-topic"u8, "com.example.app"));
        var large = new string('x', 4096);

        for (var i = 0; i < 2; i++)
        {
            var (bytes, headers) = RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "authorization"u8, large));

            Assert.Equal([0x0F, 23 - 15], bytes[..2]); // without indexing, static name 23
            Assert.Equal([("authorization", large)], headers);
        }

        // Not indexing it also left the table as it was.
        Assert.Equal(1, decoder.DynamicTableCount);
        Assert.Equal([0xBE], RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "apns-topic"u8, "com.example.app")).Bytes);
    }

    [Fact]
    public void SetPeerMaxTableSize_Zero_SignalsUpdateAndStopsIndexing()
    {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "apns-topic"u8, "com.example.app"));

        encoder.SetPeerMaxTableSize(0);
        var (bytes, headers) = RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "apns-topic"u8, "com.example.app"));

        Assert.Equal(0x20, bytes[0]); // size update to 0
        Assert.Equal(0x00, bytes[1]); // without indexing, literal name
        Assert.Equal([("apns-topic", "com.example.app")], headers);
        Assert.Equal(0, decoder.DynamicTableCount);

        // Signaled once only.
        var (again, _) = RoundTrip(encoder, decoder, (e, o) => e.WriteIndexed(o, 3));
        Assert.Equal([0x83], again);
    }

    [Fact]
    public void SetPeerMaxTableSize_Hundred_SignalsUpdateAndEvictsInStepWithDecoder()
    {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        RoundTrip(encoder, decoder, (e, o) =>
        {
            e.WriteIndexable(o, "apns-topic"u8, "com.example.app"); // 10 + 15 + 32 = 57
            e.WriteIndexable(o, "apns-push-type"u8, "alert"); // 14 + 5 + 32 = 51
        });

        encoder.SetPeerMaxTableSize(100);
        var (bytes, headers) = RoundTrip(encoder, decoder, (e, o) =>
        {
            e.WriteIndexable(o, "apns-push-type"u8, "alert");
            e.WriteIndexable(o, "apns-topic"u8, "com.example.app");
        });

        // 100 = 31 + 69; then apns-push-type, the newest entry and the only one left, as index 62.
        Assert.Equal([0x3F, 69, 0xBE], bytes[..3]);
        Assert.Equal([("apns-push-type", "alert"), ("apns-topic", "com.example.app")], headers);

        // apns-topic was added again and evicted apns-push-type.
        Assert.Equal(1, decoder.DynamicTableCount);
        Assert.Equal(57, decoder.DynamicTableSize);
    }

    [Fact]
    public void SetPeerMaxTableSize_DownThenUpBetweenBlocks_SignalsSmallestThenFinal()
    {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "apns-topic"u8, "com.example.app"));

        encoder.SetPeerMaxTableSize(10);
        encoder.SetPeerMaxTableSize(0);
        encoder.SetPeerMaxTableSize(8192);
        var (bytes, headers) = RoundTrip(encoder, decoder, (e, o) => e.WriteIndexable(o, "apns-topic"u8, "com.example.app"));

        // Update to 0, update to 4096 (31 + 0xfe1, capped from 8192), then a fresh literal: the entry is gone.
        Assert.Equal([0x20, 0x3F, 0xE1, 0x1F, 0x40], bytes[..5]);
        Assert.Equal([("apns-topic", "com.example.app")], headers);
        Assert.Equal(1, decoder.DynamicTableCount);
    }

    [Fact]
    public void SetPeerMaxTableSize_UnchangedOrAboveDefault_SignalsNothing()
    {
        var encoder = new HpackEncoder();
        encoder.SetPeerMaxTableSize(4096);
        encoder.SetPeerMaxTableSize(65536);

        var (bytes, _) = RoundTrip(encoder, new HpackDecoder(), (e, o) => e.WriteIndexed(o, 2));

        Assert.Equal([0x82], bytes);
    }

    [Fact]
    public void WriteLiteral_NameInStaticTable_UsesNameIndex()
    {
        var (bytes, headers) = RoundTrip(new HpackEncoder(), new HpackDecoder(), (e, o) => e.WriteLiteral(o, ":path"u8, "/3/device/abc"));

        Assert.Equal(Concat([0x04, 13], "/3/device/abc"u8.ToArray()), bytes);
        Assert.Equal([(":path", "/3/device/abc")], headers);
    }

    [Fact]
    public void WriteLiteral_NameNotInStaticTable_WritesNameRaw()
    {
        var (bytes, _) = RoundTrip(new HpackEncoder(), new HpackDecoder(), (e, o) => e.WriteLiteral(o, "apns-id"u8, "x"u8));

        Assert.Equal(Concat([0x00, 7], "apns-id"u8.ToArray(), [1, (byte)'x']), bytes);
    }

    [Fact]
    public void WriteLiteral_Latin1Value_IsWrittenAsSingleBytes()
    {
        var (bytes, headers) = RoundTrip(new HpackEncoder(), new HpackDecoder(), (e, o) => e.WriteLiteral(o, "x-name"u8, "caf\u00e9"));

        Assert.Equal([4, (byte)'c', (byte)'a', (byte)'f', 0xE9], bytes[^5..]);
        Assert.Equal([("x-name", "caf\u00e9")], headers);
    }

    [Theory]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    public void Write_ValueWithCrLfOrNul_ThrowsNamingHeader(string value)
    {
        var encoder = new HpackEncoder();
        var output = new ArrayBufferWriter<byte>();

        var literal = Assert.Throws<ArgumentException>(() => encoder.WriteLiteral(output, "apns-collapse-id"u8, value));
        var bytes = Assert.Throws<ArgumentException>(
            () => encoder.WriteLiteral(output, "apns-collapse-id"u8, Encoding.Latin1.GetBytes(value)));
        var indexable = Assert.Throws<ArgumentException>(() => encoder.WriteIndexable(output, "apns-topic"u8, value));

        Assert.Contains("'apns-collapse-id'", literal.Message, StringComparison.Ordinal);
        Assert.Contains("'apns-collapse-id'", bytes.Message, StringComparison.Ordinal);
        Assert.Contains("'apns-topic'", indexable.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Write_ValueBeyondLatin1_ThrowsNamingHeader()
    {
        var encoder = new HpackEncoder();
        var output = new ArrayBufferWriter<byte>();

        var error = Assert.Throws<ArgumentException>(() => encoder.WriteIndexable(output, "apns-topic"u8, "com.\u20ac"));

        Assert.Contains("'apns-topic'", error.Message, StringComparison.Ordinal);
        Assert.Contains("U+20AC", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Encode_RepeatedRequest_AllocatesNothing()
    {
        var encoder = new HpackEncoder();
        var output = new ArrayBufferWriter<byte>(4096);
        var jwt = "bearer " + new string('j', 200);
        var path = "/3/device/" + new string('0', 64);
        void WriteRequest()
        {
            output.ResetWrittenCount();
            encoder.BeginBlock(output);
            encoder.WriteIndexed(output, 3);
            encoder.WriteIndexable(output, ":authority"u8, "api.push.apple.com");
            encoder.WriteLiteral(output, ":path"u8, path);
            encoder.WriteIndexable(output, "authorization"u8, jwt);
            encoder.WriteIndexable(output, "apns-topic"u8, "com.example.app");
            encoder.WriteLiteral(output, "apns-id"u8, "0f8a3c42-2a6e-4e1b-9a0f-6c6e2a3b4c5d");
            encoder.WriteLiteral(output, "apns-expiration"u8, "0"u8);
        }

        WriteRequest();
        WriteRequest();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            WriteRequest();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Decode_FieldsWithoutIndexing_AllocatesNothing()
    {
        var decoder = new HpackDecoder(maxTableSize: 256);
        var handler = new CountingHandler();

        // C.6.1 fills the table (allocating its entries); C.6.2 inserts again. After that, a block of indexed
        // fields, a raw literal and a Huffman literal without indexing needs no new memory.
        decoder.Decode(Convert.FromHexString(
            "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f"
            + "0b97c8e9ae82ae43d3"), handler);
        var block = Convert.FromHexString("88c1c0bf" + "040c2f73616d706c652f70617468" + "008cf1e3c2e5f23a6ba0ab90f4ff8cf1e3c2e5f23a6ba0ab90f4ff");
        decoder.Decode(block, handler);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            decoder.Decode(block, handler);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(4 + (6 * 101), handler.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(62)]
    public void WriteIndexed_OutsideStaticTable_Throws(int index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HpackEncoder().WriteIndexed(new ArrayBufferWriter<byte>(), index));
    }

    private static (byte[] Bytes, List<(string, string)> Headers) RoundTrip(
        HpackEncoder encoder, HpackDecoder decoder, Action<HpackEncoder, IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(output);
        write(encoder, output);
        var bytes = output.WrittenSpan.ToArray();
        return (bytes, Decode(decoder, bytes));
    }

    private static List<(string, string)> Decode(HpackDecoder decoder, string hex) => Decode(decoder, Convert.FromHexString(hex));

    private static List<(string, string)> Decode(HpackDecoder decoder, byte[] block)
    {
        var collector = new Collector();
        decoder.Decode(block, collector);
        return collector.Headers;
    }

    private static HpackException DecodeError(HpackDecoder decoder, string hex) => DecodeError(decoder, Convert.FromHexString(hex));

    private static HpackException DecodeError(HpackDecoder decoder, byte[] block) =>
        Assert.Throws<HpackException>(() => decoder.Decode(block, new Collector()));

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();

    private sealed class CountingHandler : IHpackHeaderHandler
    {
        public int Count { get; private set; }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => Count++;
    }

    private sealed class Collector : IHpackHeaderHandler
    {
        public List<(string, string)> Headers { get; } = [];

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            Headers.Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
    }
}
