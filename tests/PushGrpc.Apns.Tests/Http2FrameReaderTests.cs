using System.Buffers.Binary;
using System.Text;
using PushGrpc.Apns.Internal;

namespace PushGrpc.Apns.Tests;

public sealed class Http2FrameReaderTests
{
    [Fact]
    public void Observe_SettingsFrame_ReportsMaxConcurrentStreams()
    {
        var listener = new Listener();
        var reader = new Http2FrameReader(listener);

        reader.Observe(Settings((0x1, 4096), (0x3, 1000), (0x6, 8000)));

        Assert.Equal([1000u], listener.MaxStreams);
    }

    [Fact]
    public void Observe_FramesSplitByteByByte_ParsesTheSameAsWhole()
    {
        var listener = new Listener();
        var reader = new Http2FrameReader(listener);
        var bytes = Concat(
            Settings((0x3, 1)),
            Frame(0x0, 0x1, 1, new byte[300]),
            Frame(0x4, 0x1, 0, []),
            Settings((0x3, 500)),
            GoAway(7, 7, """{"reason":"Shutdown"}"""),
            Frame(0x3, 0, 9, [0, 0, 0, 7]));

        foreach (var b in bytes)
        {
            reader.Observe([b]);
        }

        Assert.Equal([1u, 500u], listener.MaxStreams);
        Assert.Equal((7, 7u, """{"reason":"Shutdown"}"""), Assert.Single(listener.GoAways));
        Assert.Equal((9, 7u), Assert.Single(listener.Resets));
    }

    [Fact]
    public void Observe_SettingsWithoutStreamLimit_ReportsSettingsWithoutValue()
    {
        var listener = new Listener();
        var reader = new Http2FrameReader(listener);

        reader.Observe(Concat(Settings((0x4, 65535)), Settings()));

        Assert.Equal([null, null], listener.MaxStreams);
    }

    [Fact]
    public void Observe_SettingsAckAndDataFrames_AreIgnored()
    {
        var listener = new Listener();
        var reader = new Http2FrameReader(listener);

        // A DATA frame whose payload happens to look like a SETTINGS entry must not be mistaken for one.
        reader.Observe(Concat(Frame(0x4, 0x1, 0, []), Frame(0x0, 0x0, 1, [0, 3, 0, 0, 0, 9])));

        Assert.Empty(listener.MaxStreams);
    }

    private static byte[] Settings(params (ushort Id, uint Value)[] settings)
    {
        var payload = new byte[settings.Length * 6];
        for (var i = 0; i < settings.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(i * 6), settings[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(i * 6 + 2), settings[i].Value);
        }

        return Frame(0x4, 0, 0, payload);
    }

    private static byte[] GoAway(int lastStreamId, uint errorCode, string debug)
    {
        var debugBytes = Encoding.UTF8.GetBytes(debug);
        var payload = new byte[8 + debugBytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(payload, lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), errorCode);
        debugBytes.CopyTo(payload, 8);
        return Frame(0x7, 0, 0, payload);
    }

    private static byte[] Frame(byte type, byte flags, int streamId, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, 9);
        return frame;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private sealed class Listener : IHttp2FrameListener
    {
        public List<uint?> MaxStreams { get; } = [];

        public List<(int, uint, string)> GoAways { get; } = [];

        public List<(int, uint)> Resets { get; } = [];

        public void OnSettings(uint? maxConcurrentStreams) => MaxStreams.Add(maxConcurrentStreams);

        public void OnGoAway(int lastStreamId, uint errorCode, string debugData) => GoAways.Add((lastStreamId, errorCode, debugData));

        public void OnResetStream(int streamId, uint errorCode) => Resets.Add((streamId, errorCode));
    }
}
