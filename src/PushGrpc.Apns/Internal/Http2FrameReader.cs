using System.Buffers.Binary;
using System.Text;
using PushGrpc.Apns.Internal.Http2;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// Follows the server-to-client HTTP/2 byte stream (after TLS decryption) frame by frame, without buffering payloads
/// it does not need: only SETTINGS, GOAWAY and RST_STREAM payloads (a few bytes) are captured. This lets the pool see
/// SETTINGS_MAX_CONCURRENT_STREAMS and GOAWAY reasons that <see cref="System.Net.Http.SocketsHttpHandler"/> keeps to
/// itself. Not thread-safe: a connection has a single reader.
/// </summary>
internal sealed class Http2FrameReader
{
    private const int FrameHeaderLength = Http2Protocol.FrameHeaderLength;

    // SETTINGS frames are 6 bytes per setting; GOAWAY debug data beyond this is not worth keeping.
    private const int MaxCapture = 512;

    private readonly IHttp2FrameListener _listener;
    private readonly byte[] _header = new byte[FrameHeaderLength];
    private readonly byte[] _capture = new byte[MaxCapture];
    private int _headerFilled;
    private int _payloadRemaining;
    private int _captureLength;
    private int _captureFilled;
    private FrameType _type;
    private bool _isSettings;
    private int _streamId;
    private bool _closed;

    public Http2FrameReader(IHttp2FrameListener listener) => _listener = listener;

    /// <summary>The server's byte stream ended; reported once.</summary>
    public void Closed()
    {
        if (!_closed)
        {
            _closed = true;
            _listener.OnClosed();
        }
    }

    /// <summary>Feeds the next bytes the server sent.</summary>
    public void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_headerFilled < FrameHeaderLength)
            {
                var take = Math.Min(FrameHeaderLength - _headerFilled, data.Length);
                data[..take].CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += take;
                data = data[take..];
                if (_headerFilled < FrameHeaderLength)
                {
                    return;
                }

                StartFrame();
                if (_payloadRemaining == 0)
                {
                    EndFrame();
                }

                continue;
            }

            var chunk = Math.Min(_payloadRemaining, data.Length);
            var capture = Math.Min(chunk, _captureLength - _captureFilled);
            if (capture > 0)
            {
                data[..capture].CopyTo(_capture.AsSpan(_captureFilled));
                _captureFilled += capture;
            }

            _payloadRemaining -= chunk;
            data = data[chunk..];
            if (_payloadRemaining == 0)
            {
                EndFrame();
            }
        }
    }

    private void StartFrame()
    {
        _payloadRemaining = (_header[0] << 16) | (_header[1] << 8) | _header[2];
        _type = (FrameType)_header[3];
        var flags = _header[4];
        _streamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(5)) & 0x7FFFFFFF);
        _isSettings = _type == FrameType.Settings && (flags & FrameFlags.Ack) == 0;
        var interesting = _isSettings || _type is FrameType.GoAway or FrameType.RstStream;
        _captureLength = interesting ? Math.Min(_payloadRemaining, MaxCapture) : 0;
        _captureFilled = 0;
    }

    private void EndFrame()
    {
        _headerFilled = 0;
        var payload = _capture.AsSpan(0, _captureFilled);
        switch (_type)
        {
            case FrameType.Settings when _isSettings:
                uint? maxConcurrentStreams = null;
                for (var i = 0; i + 6 <= payload.Length; i += 6)
                {
                    if (BinaryPrimitives.ReadUInt16BigEndian(payload[i..]) == (ushort)SettingId.MaxConcurrentStreams)
                    {
                        // The last occurrence wins (RFC 9113 §6.5.3 processes settings in order).
                        maxConcurrentStreams = BinaryPrimitives.ReadUInt32BigEndian(payload[(i + 2)..]);
                    }
                }

                _listener.OnSettings(maxConcurrentStreams);
                break;
            case FrameType.GoAway when payload.Length >= 8:
                _listener.OnGoAway(
                    (int)(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF),
                    BinaryPrimitives.ReadUInt32BigEndian(payload[4..]),
                    Encoding.UTF8.GetString(payload[8..]));
                break;
            case FrameType.RstStream when payload.Length >= 4:
                _listener.OnResetStream(_streamId, BinaryPrimitives.ReadUInt32BigEndian(payload));
                break;
        }
    }
}
