using System.Buffers;
using System.Buffers.Binary;
using System.Net.Http;
using System.Text;

namespace PushGrpc.Apns.Internal.Http2;

/// <summary>
/// One HTTP/2 connection (RFC 9113) over an established TLS stream, made for APNs traffic: many small requests in
/// flight, tiny answers. One reader loop parses the server's frames; writers append frames to a shared buffer under the
/// connection's lock, and one flush at a time writes everything appended meanwhile in one go, so a burst of requests
/// costs a few large writes rather than one system call each.
/// <para>
/// It never opens more streams than the server's SETTINGS_MAX_CONCURRENT_STREAMS (one until the first SETTINGS, as APNs
/// starts token connections at one) and queues the rest; it honours flow control both ways; it tells a request the
/// server certainly did not process (<see cref="Http2NotProcessedException"/>) from one it may have.
/// </para>
/// </summary>
internal sealed class Http2Connection : IThreadPoolWorkItem
{
    // What the client lets the server send before it is given window back. Answers are tiny; a channel list is the
    // largest thing APNs sends, and one connection-level update per 8 MiB keeps WINDOW_UPDATE frames rare.
    private const int OurStreamWindow = 1 << 20;
    private const int OurConnectionWindow = 16 << 20;

    // Enough for the largest frame the server may send (we keep SETTINGS_MAX_FRAME_SIZE at its 16 KiB default) and
    // for a few hundred answers per read.
    private const int ReadBufferSize = 64 * 1024;

    // How long a closing connection waits for its last frames (GOAWAY, RST_STREAM) to be written.
    private static readonly TimeSpan LastWriteTimeout = TimeSpan.FromSeconds(1);

    private readonly Stream _transport;
    private readonly string _authority;
    private readonly TimeSpan _pingDelay;
    private readonly TimeSpan _pingTimeout;

    // Guards everything below it: the stream table, windows, settings, the encoder and the pending-write buffer.
    private readonly Lock _sync = new();
    private readonly Dictionary<int, Http2Stream> _streams = [];
    private readonly Queue<Http2Stream> _waitingForStream = new();
    private readonly List<Http2Stream> _blocked = [];
    private readonly HpackEncoder _encoder = new();
    private readonly ArrayBufferWriter<byte> _headerBlock = new(1024);
    private ArrayBufferWriter<byte> _pending = new(16 * 1024);
    private ArrayBufferWriter<byte> _writing = new(16 * 1024);
    private bool _flushing;

    // Counts buffer swaps in the flush loop: a stream opened in the current epoch has its HEADERS still in _pending.
    private long _flushEpoch;
    private long _nextStreamId;
    private int _peerMaxConcurrentStreams = 1;
    private bool _peerSettingsReceived;
    private int _peerInitialWindow = Http2Protocol.DefaultWindowSize;
    private int _peerMaxFrameSize = Http2Protocol.DefaultMaxFrameSize;
    private long _connectionSendWindow = Http2Protocol.DefaultWindowSize;
    private int _goAwayLastStreamId = int.MaxValue;
    private bool _draining;
    private Exception? _closedReason;
    private long _pingSentAt;
    private ulong _pingPayload;

    // The reader's own state.
    private readonly HpackDecoder _decoder = new();
    private readonly ArrayBufferWriter<byte> _continuation = new(1024);
    private int _continuationStreamId;
    private byte _continuationFlags;
    private int _unacknowledgedConnectionBytes;
    private long _lastReceivedAt;
    private ITimer? _pingTimer;

    private Http2Connection(Stream transport, string authority, Http2ConnectionOptions options)
    {
        _transport = transport;
        _authority = authority;
        _pingDelay = options.KeepAlivePingDelay;
        _pingTimeout = options.KeepAlivePingTimeout;
        _nextStreamId = options.FirstStreamId;
        _lastReceivedAt = Environment.TickCount64;
    }

    /// <summary>False once the connection takes no new requests: the server sent GOAWAY, stream ids ran out, or it ended.</summary>
    public bool CanOpenStreams
    {
        get
        {
            lock (_sync)
            {
                return !_draining;
            }
        }
    }

    /// <summary>Completes when the reader loop has ended (the connection is closed).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Sends the client preface and our settings, and starts reading. <paramref name="transport"/> is TLS with h2 agreed.</summary>
    public static Http2Connection Start(Stream transport, string authority, Http2ConnectionOptions options)
    {
        var connection = new Http2Connection(transport, authority, options);
        lock (connection._sync)
        {
            connection._pending.Write(Http2Protocol.ClientPreface);
            Span<byte> settings = stackalloc byte[12];
            WriteSetting(settings, SettingId.EnablePush, 0);
            WriteSetting(settings[6..], SettingId.InitialWindowSize, OurStreamWindow);
            connection.WriteFrame(FrameType.Settings, 0, 0, settings);
            connection.WriteWindowUpdate(0, OurConnectionWindow - Http2Protocol.DefaultWindowSize);
        }

        if (options.KeepAlivePingDelay != Timeout.InfiniteTimeSpan)
        {
            // Wall-clock time on purpose: a keep-alive deadline must not fire because a test moved a virtual clock.
            // Created before reading starts, so an Abort during Start finds it to dispose.
            var period = options.KeepAlivePingTimeout < options.KeepAlivePingDelay ? options.KeepAlivePingTimeout : options.KeepAlivePingDelay;
            connection._pingTimer = TimeProvider.System.CreateTimer(
                static state => ((Http2Connection)state!).OnPingTimer(), connection, period, period);
        }

        connection.StartFlush();
        connection.Completion = connection.ReadLoopAsync();
        return connection;
    }

    /// <summary>
    /// Sends a request and waits for its answer. Throws <see cref="Http2NotProcessedException"/> when the server
    /// certainly did not process it, <see cref="HttpRequestException"/> when the stream or connection failed after the
    /// request went out, and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fired.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Http2Stream stream, CancellationToken cancellationToken)
    {
        stream.Owner = this;
        bool startFlush;
        lock (_sync)
        {
            // Checked under the lock: a request whose time is up must not go on the wire at all.
            cancellationToken.ThrowIfCancellationRequested();
            if (_draining)
            {
                throw new Http2NotProcessedException(false, "the APNs connection takes no new streams", _closedReason);
            }

            if (_streams.Count < _peerMaxConcurrentStreams && _waitingForStream.Count == 0)
            {
                Open(stream);
            }
            else
            {
                _waitingForStream.Enqueue(stream);
            }

            startFlush = ClaimFlush();
        }

        if (startFlush)
        {
            QueueFlush();
        }

        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((Http2Stream)state!).Owner!.Cancel((Http2Stream)state, token), stream)
            : default;
        return await stream.Answer.ConfigureAwait(false);
    }

    /// <summary>Ends the connection now; requests on it fail with <paramref name="reason"/>.</summary>
    public void Abort(Exception reason)
    {
        List<Http2Stream> written = [], unwritten = [];
        lock (_sync)
        {
            if (_closedReason is not null)
            {
                return;
            }

            _closedReason = reason;
            _draining = true;
            foreach (var stream in _streams.Values)
            {
                // HEADERS still in the pending buffer never reached the socket: the server cannot have processed those.
                if (stream.TryMarkDone())
                {
                    (stream.FlushEpoch == _flushEpoch ? unwritten : written).Add(stream);
                }
            }

            foreach (var stream in _waitingForStream)
            {
                if (stream.TryMarkDone())
                {
                    unwritten.Add(stream);
                }
            }

            _streams.Clear();
            _waitingForStream.Clear();
            _blocked.Clear();
            _pending.ResetWrittenCount();
        }

        _pingTimer?.Dispose();
        foreach (var stream in written)
        {
            stream.Fail(reason as HttpRequestException ?? new HttpRequestException(
                HttpRequestError.ResponseEnded, "The APNs connection ended before the answer: " + reason.Message, reason));
        }

        foreach (var stream in unwritten)
        {
            stream.Fail(new Http2NotProcessedException(stream.Id != 0, "the APNs connection ended before the request was written", reason));
        }

        _transport.Dispose();
    }

    private void Cancel(Http2Stream stream, CancellationToken cancellationToken)
    {
        bool startFlush, drained = false;
        lock (_sync)
        {
            if (!stream.TryMarkDone())
            {
                return;
            }

            // A stream still waiting for a slot is skipped when its turn comes.
            if (stream.Id != 0 && _streams.Remove(stream.Id))
            {
                WriteRstStream(stream.Id, Http2Error.Cancel);
                drained = Released(stream);
            }

            startFlush = ClaimFlush();
        }

        if (startFlush)
        {
            QueueFlush();
        }

        stream.Fail(new TaskCanceledException("The request was cancelled.", null, cancellationToken));
        CloseIfDrained(drained);
    }

    // ---- Writing (all under _sync) ----

    private void Open(Http2Stream stream)
    {
        try
        {
            EncodeHeaders(stream.Request, stream.Body.Length);
        }
        catch (Exception ex)
        {
            // Not reachable with the checks before sending (Http2RequestHeaders.Problem), and kept safe if it becomes
            // so: the encoder's table may now differ from the server's, so this connection sends no more HEADERS.
            if (stream.TryMarkDone())
            {
                stream.Fail(new HttpRequestException(HttpRequestError.Unknown, "The request's headers could not be encoded: " + ex.Message, ex));
            }

            StartDraining("a header block could not be encoded");
            return;
        }

        var id = (int)_nextStreamId;
        _nextStreamId += 2;
        stream.Id = id;
        stream.FlushEpoch = _flushEpoch;
        stream.SendWindow = _peerInitialWindow;
        stream.Unsent = stream.Body;
        _streams.Add(id, stream);
        WriteHeaderFrames(id, stream.Body.IsEmpty);
        stream.OnOpened();
        SendData(stream);
        if (_nextStreamId > int.MaxValue)
        {
            // Stream ids are spent (2^30 requests, about half a day at 25k/s): finish these and let a new connection go on.
            StartDraining("stream ids exhausted");
        }
    }

    /// <summary>The request's header block into <see cref="_headerBlock"/>; no stream id is spent yet.</summary>
    private void EncodeHeaders(HttpRequestMessage request, int bodyLength)
    {
        var uri = request.RequestUri!;
        var block = _headerBlock;
        block.ResetWrittenCount();
        _encoder.BeginBlock(block);
        if (ReferenceEquals(request.Method, HttpMethod.Post))
        {
            _encoder.WriteIndexed(block, HpackStaticIndex.MethodPost);
        }
        else if (ReferenceEquals(request.Method, HttpMethod.Get))
        {
            _encoder.WriteIndexed(block, HpackStaticIndex.MethodGet);
        }
        else
        {
            _encoder.WriteLiteral(block, ":method"u8, request.Method.Method);
        }

        _encoder.WriteIndexed(block, HpackStaticIndex.SchemeHttps);
        _encoder.WriteIndexable(block, ":authority"u8, _authority);
        _encoder.WriteLiteral(block, ":path"u8, uri.PathAndQuery);
        Http2RequestHeaders.Write(_encoder, block, request, bodyLength);
    }

    /// <summary>The encoded block as HEADERS and, beyond the peer's frame size, CONTINUATION frames.</summary>
    private void WriteHeaderFrames(int streamId, bool endStream)
    {
        var fragment = _headerBlock.WrittenSpan;
        var first = Math.Min(fragment.Length, _peerMaxFrameSize);
        var flags = (byte)((endStream ? FrameFlags.EndStream : 0) | (first == fragment.Length ? FrameFlags.EndHeaders : 0));
        WriteFrame(FrameType.Headers, flags, streamId, fragment[..first]);
        for (var at = first; at < fragment.Length;)
        {
            var length = Math.Min(fragment.Length - at, _peerMaxFrameSize);
            at += length;
            WriteFrame(FrameType.Continuation, at == fragment.Length ? FrameFlags.EndHeaders : (byte)0, streamId, fragment.Slice(at - length, length));
        }
    }

    /// <summary>Sends what the windows allow of a stream's body; the rest waits for WINDOW_UPDATE.</summary>
    private void SendData(Http2Stream stream)
    {
        while (!stream.Unsent.IsEmpty)
        {
            var length = (int)Math.Min(Math.Min(stream.Unsent.Length, _peerMaxFrameSize), Math.Min(_connectionSendWindow, stream.SendWindow));
            if (length <= 0)
            {
                if (!stream.IsBlocked)
                {
                    stream.IsBlocked = true;
                    _blocked.Add(stream);
                }

                return;
            }

            var chunk = stream.Unsent.Span[..length];
            stream.Unsent = stream.Unsent[length..];
            _connectionSendWindow -= length;
            stream.SendWindow -= length;
            WriteFrame(FrameType.Data, stream.Unsent.IsEmpty ? FrameFlags.EndStream : (byte)0, stream.Id, chunk);
        }

        Unblock(stream);
    }

    private void SendBlocked()
    {
        // In arrival order, so one large body cannot starve the others for long.
        for (var i = 0; i < _blocked.Count && _connectionSendWindow > 0; i++)
        {
            var stream = _blocked[i];
            stream.IsBlocked = false;
            SendData(stream);
            if (!stream.IsBlocked)
            {
                _blocked.RemoveAt(i--);
            }
            else
            {
                // SendData re-added it at the end; keep its place instead.
                _blocked.RemoveAt(_blocked.Count - 1);
            }
        }
    }

    private void Unblock(Http2Stream stream)
    {
        if (stream.IsBlocked)
        {
            stream.IsBlocked = false;
            _blocked.Remove(stream);
        }
    }

    private void OpenWaiting()
    {
        while (!_draining && _streams.Count < _peerMaxConcurrentStreams && _waitingForStream.TryDequeue(out var stream))
        {
            if (!stream.IsDone)
            {
                Open(stream);
            }
        }
    }

    private void StartDraining(string why)
    {
        _draining = true;
        while (_waitingForStream.TryDequeue(out var stream))
        {
            if (stream.TryMarkDone())
            {
                stream.Fail(new Http2NotProcessedException(false, $"the request was not sent: {why}"));
            }
        }
    }

    private void WriteFrame(FrameType type, byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var span = _pending.GetSpan(Http2Protocol.FrameHeaderLength + payload.Length);
        Http2Protocol.WriteFrameHeader(span, payload.Length, type, flags, streamId);
        payload.CopyTo(span[Http2Protocol.FrameHeaderLength..]);
        _pending.Advance(Http2Protocol.FrameHeaderLength + payload.Length);
    }

    private void WriteWindowUpdate(int streamId, int increment)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, increment);
        WriteFrame(FrameType.WindowUpdate, 0, streamId, payload);
    }

    private void WriteRstStream(int streamId, Http2Error error)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)error);
        WriteFrame(FrameType.RstStream, 0, streamId, payload);
    }

    private static void WriteSetting(Span<byte> destination, SettingId id, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)id);
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], value);
    }

    /// <summary>True when the caller must start the flush loop (after leaving the lock).</summary>
    private bool ClaimFlush()
    {
        if (_flushing || _pending.WrittenCount == 0 || _closedReason is not null)
        {
            return false;
        }

        _flushing = true;
        return true;
    }

    private void StartFlush()
    {
        bool start;
        lock (_sync)
        {
            start = ClaimFlush();
        }

        if (start)
        {
            QueueFlush();
        }
    }

    // The write runs as its own thread-pool work item, not inline: whatever the caller appends next before that
    // item runs (the rest of a batch of requests read from one gRPC frame, the next answers' requests) goes out in the
    // same write. Inline, each request was one sendto.
    private void QueueFlush() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    void IThreadPoolWorkItem.Execute() => _ = FlushLoopAsync();

    // One write at a time; frames appended meanwhile go out together with the next one.
    private async Task FlushLoopAsync()
    {
        try
        {
            while (true)
            {
                lock (_sync)
                {
                    if (_pending.WrittenCount == 0 || _closedReason is not null)
                    {
                        _flushing = false;
                        return;
                    }

                    (_pending, _writing) = (_writing, _pending);
                    _flushEpoch++;
                }

                await _transport.WriteAsync(_writing.WrittenMemory).ConfigureAwait(false);
                _writing.ResetWrittenCount();
            }
        }
        catch (Exception ex)
        {
            lock (_sync)
            {
                _flushing = false;
            }

            Abort(new HttpRequestException(HttpRequestError.Unknown, "Writing to the APNs connection failed.", ex));
        }
    }

    // ---- Reading ----

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[ReadBufferSize];
        var filled = 0;
        Exception reason;
        try
        {
            while (true)
            {
                var read = await _transport.ReadAsync(buffer.AsMemory(filled)).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("The server closed the connection.");
                }

                Volatile.Write(ref _lastReceivedAt, Environment.TickCount64);
                filled += read;
                var used = ProcessFrames(buffer.AsSpan(0, filled));
                buffer.AsSpan(used, filled - used).CopyTo(buffer);
                filled -= used;
            }
        }
        catch (Http2ConnectionException ex)
        {
            reason = new HttpRequestException(HttpRequestError.HttpProtocolError, ex.Message, new HttpProtocolException((long)ex.Error, ex.Message, null));
            lock (_sync)
            {
                // Nothing new goes out after our GOAWAY: requests still waiting for a stream go to another connection.
                StartDraining("the server broke the HTTP/2 protocol: " + ex.Message);
            }

            await SendGoAwayAsync(ex.Error, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            reason = ex;
        }

        Abort(reason);
    }

    /// <summary>Handles every complete frame in <paramref name="bytes"/>; returns how many bytes that was.</summary>
    private int ProcessFrames(ReadOnlySpan<byte> bytes)
    {
        var used = 0;
        while (bytes.Length - used >= Http2Protocol.FrameHeaderLength)
        {
            var header = bytes[used..];
            var length = (header[0] << 16) | (header[1] << 8) | header[2];
            if (length > Http2Protocol.DefaultMaxFrameSize)
            {
                throw new Http2ConnectionException(Http2Error.FrameSizeError, $"a frame of {length} bytes exceeds SETTINGS_MAX_FRAME_SIZE");
            }

            if (header.Length < Http2Protocol.FrameHeaderLength + length)
            {
                break;
            }

            var type = (FrameType)header[3];
            var flags = header[4];
            var streamId = BinaryPrimitives.ReadInt32BigEndian(header[5..]) & int.MaxValue;
            used += Http2Protocol.FrameHeaderLength + length;
            HandleFrame(type, flags, streamId, header.Slice(Http2Protocol.FrameHeaderLength, length));
        }

        StartFlush();
        return used;
    }

    private void HandleFrame(FrameType type, byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        if (_continuationStreamId != 0 && (type != FrameType.Continuation || streamId != _continuationStreamId))
        {
            throw new Http2ConnectionException(Http2Error.ProtocolError, "a header block was interrupted by another frame");
        }

        switch (type)
        {
            case FrameType.Data:
                OnData(flags, streamId, payload);
                break;
            case FrameType.Headers:
                OnHeaders(flags, streamId, payload);
                break;
            case FrameType.Continuation:
                OnContinuation(flags, streamId, payload);
                break;
            case FrameType.RstStream:
                OnRstStream(streamId, payload);
                break;
            case FrameType.Settings:
                OnSettings(flags, streamId, payload);
                break;
            case FrameType.Ping:
                OnPing(flags, streamId, payload);
                break;
            case FrameType.GoAway:
                OnGoAway(streamId, payload);
                break;
            case FrameType.WindowUpdate:
                OnWindowUpdate(streamId, payload);
                break;
            case FrameType.PushPromise:
                throw new Http2ConnectionException(Http2Error.ProtocolError, "PUSH_PROMISE although SETTINGS_ENABLE_PUSH is 0");
            default:
                // PRIORITY and unknown frame types are ignored (RFC 9113 §5.5, §6.3).
                break;
        }
    }

    private void OnData(byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        if (streamId == 0)
        {
            throw new Http2ConnectionException(Http2Error.ProtocolError, "DATA on stream 0");
        }

        var data = Unpad(flags, payload);
        Http2Stream? stream;
        lock (_sync)
        {
            // The whole frame counts against the windows, padding included (§6.9.1).
            _unacknowledgedConnectionBytes += payload.Length;
            if (_unacknowledgedConnectionBytes >= OurConnectionWindow / 2)
            {
                WriteWindowUpdate(0, _unacknowledgedConnectionBytes);
                _unacknowledgedConnectionBytes = 0;
            }

            stream = _streams.GetValueOrDefault(streamId);
            if (stream is not null && (flags & FrameFlags.EndStream) == 0)
            {
                stream.UnacknowledgedBytes += payload.Length;
                if (stream.UnacknowledgedBytes >= OurStreamWindow / 2)
                {
                    WriteWindowUpdate(streamId, stream.UnacknowledgedBytes);
                    stream.UnacknowledgedBytes = 0;
                }
            }
        }

        if (stream is null)
        {
            // A stream we reset or finished: its late frames are dropped.
            return;
        }

        if (!stream.HasResponse)
        {
            ResetStream(stream, Http2Error.ProtocolError, "DATA before the answer's HEADERS");
            return;
        }

        if (!stream.AppendBody(data))
        {
            ResetStream(stream, Http2Error.Cancel, $"the answer's body exceeds {Http2Stream.MaxResponseBody} bytes");
            return;
        }

        if ((flags & FrameFlags.EndStream) != 0)
        {
            Finish(stream);
        }
    }

    private void OnHeaders(byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        if (streamId == 0)
        {
            throw new Http2ConnectionException(Http2Error.ProtocolError, "HEADERS on stream 0");
        }

        var fragment = Unpad(flags, payload);
        if ((flags & FrameFlags.Priority) != 0)
        {
            if (fragment.Length < 5)
            {
                throw new Http2ConnectionException(Http2Error.FrameSizeError, "HEADERS too short for its priority fields");
            }

            fragment = fragment[5..];
        }

        if ((flags & FrameFlags.EndHeaders) != 0)
        {
            OnHeaderBlock(flags, streamId, fragment);
            return;
        }

        _continuation.ResetWrittenCount();
        _continuation.Write(fragment);
        _continuationStreamId = streamId;
        _continuationFlags = flags;
    }

    private void OnContinuation(byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        if (_continuationStreamId == 0)
        {
            throw new Http2ConnectionException(Http2Error.ProtocolError, "CONTINUATION without HEADERS before it");
        }

        if (_continuation.WrittenCount + payload.Length > 256 * 1024)
        {
            throw new Http2ConnectionException(Http2Error.ProtocolError, "a header block larger than 256 KiB");
        }

        _continuation.Write(payload);
        if ((flags & FrameFlags.EndHeaders) != 0)
        {
            _continuationStreamId = 0;
            OnHeaderBlock(_continuationFlags, streamId, _continuation.WrittenSpan);
        }
    }

    private void OnHeaderBlock(byte flags, int streamId, ReadOnlySpan<byte> block)
    {
        Http2Stream? stream;
        lock (_sync)
        {
            stream = _streams.GetValueOrDefault(streamId);
        }

        // Every block is decoded, also for streams that are gone: the server's HPACK table changes with each one.
        try
        {
            if (stream is null)
            {
                _decoder.Decode(block, DiscardingHeaderHandler.Instance);
                return;
            }

            stream.BeginHeaders();
            _decoder.Decode(block, stream);
        }
        catch (HpackException ex)
        {
            throw new Http2ConnectionException(Http2Error.CompressionError, "the answer's header block could not be decoded: " + ex.Message);
        }

        if (stream.Problem is { } problem)
        {
            ResetStream(stream, Http2Error.ProtocolError, problem);
            return;
        }

        if ((flags & FrameFlags.EndStream) != 0)
        {
            if (!stream.HasResponse)
            {
                ResetStream(stream, Http2Error.ProtocolError, "the stream ended without a final :status");
                return;
            }

            Finish(stream);
        }
    }

    private void OnRstStream(int streamId, ReadOnlySpan<byte> payload)
    {
        if (streamId == 0 || payload.Length != 4)
        {
            throw new Http2ConnectionException(payload.Length != 4 ? Http2Error.FrameSizeError : Http2Error.ProtocolError, "malformed RST_STREAM");
        }

        var error = (Http2Error)BinaryPrimitives.ReadUInt32BigEndian(payload);
        Http2Stream? stream;
        bool drained;
        lock (_sync)
        {
            if (!_streams.Remove(streamId, out stream) || !stream.TryMarkDone())
            {
                return;
            }

            drained = Released(stream);
        }

        if (error == Http2Error.RefusedStream && !stream.HasResponse)
        {
            stream.Fail(new Http2NotProcessedException(true, "APNs refused the stream (REFUSED_STREAM)"));
        }
        else if (stream.HasResponse)
        {
            // An answer already begun says the server did process it, whatever the reset's code claims.
            stream.Fail(new HttpRequestException(HttpRequestError.ResponseEnded, $"APNs reset the stream (error {(uint)error}) in the middle of the answer"));
        }
        else
        {
            var message = $"APNs reset the stream (error {(uint)error})";
            stream.Fail(new HttpRequestException(HttpRequestError.HttpProtocolError, message, new HttpProtocolException((long)error, message, null)));
        }

        CloseIfDrained(drained);
    }

    private void OnSettings(byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        if (streamId != 0)
        {
            throw new Http2ConnectionException(Http2Error.ProtocolError, "SETTINGS on a stream");
        }

        if ((flags & FrameFlags.Ack) != 0)
        {
            if (!payload.IsEmpty)
            {
                throw new Http2ConnectionException(Http2Error.FrameSizeError, "SETTINGS ACK with a payload");
            }

            return;
        }

        if (payload.Length % 6 != 0)
        {
            throw new Http2ConnectionException(Http2Error.FrameSizeError, "SETTINGS payload not a multiple of 6 bytes");
        }

        lock (_sync)
        {
            var firstSettings = !_peerSettingsReceived;
            _peerSettingsReceived = true;
            if (firstSettings)
            {
                // Without the setting the server sets no limit (§6.5.2); until now one stream was assumed.
                _peerMaxConcurrentStreams = int.MaxValue;
            }

            for (var at = 0; at < payload.Length; at += 6)
            {
                var value = BinaryPrimitives.ReadUInt32BigEndian(payload[(at + 2)..]);
                switch ((SettingId)BinaryPrimitives.ReadUInt16BigEndian(payload[at..]))
                {
                    case SettingId.HeaderTableSize:
                        _encoder.SetPeerMaxTableSize(value);
                        break;
                    case SettingId.MaxConcurrentStreams:
                        _peerMaxConcurrentStreams = (int)Math.Min(value, int.MaxValue);
                        break;
                    case SettingId.InitialWindowSize:
                        if (value > Http2Protocol.MaxWindowSize)
                        {
                            throw new Http2ConnectionException(Http2Error.FlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1");
                        }

                        // The difference applies to every open stream's window (§6.9.2).
                        var delta = (long)value - _peerInitialWindow;
                        _peerInitialWindow = (int)value;
                        foreach (var stream in _streams.Values)
                        {
                            stream.SendWindow += delta;
                            if (stream.SendWindow > Http2Protocol.MaxWindowSize)
                            {
                                throw new Http2ConnectionException(Http2Error.FlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE overflows a stream window");
                            }
                        }

                        break;
                    case SettingId.MaxFrameSize:
                        if (value is < Http2Protocol.DefaultMaxFrameSize or > 16_777_215)
                        {
                            throw new Http2ConnectionException(Http2Error.ProtocolError, "SETTINGS_MAX_FRAME_SIZE out of range");
                        }

                        _peerMaxFrameSize = (int)value;
                        break;
                }
            }

            WriteFrame(FrameType.Settings, FrameFlags.Ack, 0, []);
            SendBlocked();
            OpenWaiting();
        }
    }

    private void OnPing(byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        if (streamId != 0 || payload.Length != 8)
        {
            throw new Http2ConnectionException(payload.Length != 8 ? Http2Error.FrameSizeError : Http2Error.ProtocolError, "malformed PING");
        }

        lock (_sync)
        {
            if ((flags & FrameFlags.Ack) != 0)
            {
                _pingSentAt = 0;
            }
            else
            {
                WriteFrame(FrameType.Ping, FrameFlags.Ack, 0, payload);
            }
        }
    }

    private void OnGoAway(int streamId, ReadOnlySpan<byte> payload)
    {
        if (streamId != 0 || payload.Length < 8)
        {
            throw new Http2ConnectionException(payload.Length < 8 ? Http2Error.FrameSizeError : Http2Error.ProtocolError, "malformed GOAWAY");
        }

        var lastStreamId = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
        var error = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        var debug = Encoding.UTF8.GetString(payload[8..Math.Min(payload.Length, 8 + 256)]);
        var notProcessed = new List<Http2Stream>();
        bool drained;
        lock (_sync)
        {
            _goAwayLastStreamId = Math.Min(_goAwayLastStreamId, lastStreamId);
            StartDraining($"GOAWAY (error {error}) {debug}".TrimEnd());
            foreach (var (id, stream) in _streams)
            {
                if (id > _goAwayLastStreamId)
                {
                    notProcessed.Add(stream);
                }
            }

            notProcessed.RemoveAll(stream => !stream.TryMarkDone());
            foreach (var stream in notProcessed)
            {
                _streams.Remove(stream.Id);
                Unblock(stream);
            }

            drained = IsDrainedLocked;
        }

        foreach (var stream in notProcessed)
        {
            // An answer already begun says the server did process it, whatever the GOAWAY claims.
            stream.Fail(stream.HasResponse
                ? new HttpRequestException(HttpRequestError.ResponseEnded, $"APNs sent GOAWAY (error {error}) in the middle of the answer")
                : new Http2NotProcessedException(true, $"APNs sent GOAWAY (error {error}) before processing the stream"));
        }

        CloseIfDrained(drained);
    }

    private void OnWindowUpdate(int streamId, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 4)
        {
            throw new Http2ConnectionException(Http2Error.FrameSizeError, "malformed WINDOW_UPDATE");
        }

        var increment = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
        Http2Stream? broken = null;
        var brokenError = Http2Error.FlowControlError;
        lock (_sync)
        {
            if (streamId == 0)
            {
                if (increment == 0 || _connectionSendWindow + increment > Http2Protocol.MaxWindowSize)
                {
                    throw new Http2ConnectionException(
                        increment == 0 ? Http2Error.ProtocolError : Http2Error.FlowControlError, "bad connection WINDOW_UPDATE");
                }

                _connectionSendWindow += increment;
            }
            else if (_streams.GetValueOrDefault(streamId) is { } stream)
            {
                if (increment == 0 || stream.SendWindow + increment > Http2Protocol.MaxWindowSize)
                {
                    broken = stream;
                    brokenError = increment == 0 ? Http2Error.ProtocolError : Http2Error.FlowControlError;
                }
                else
                {
                    stream.SendWindow += increment;
                }
            }

            SendBlocked();
        }

        if (broken is not null)
        {
            ResetStream(broken, brokenError, "bad stream WINDOW_UPDATE");
        }
    }

    /// <summary>Ends one stream for a protocol error of the server's: RST_STREAM to it, a failure of unknown fate to the caller.</summary>
    private void ResetStream(Http2Stream stream, Http2Error error, string message)
    {
        bool drained;
        lock (_sync)
        {
            if (!_streams.Remove(stream.Id) || !stream.TryMarkDone())
            {
                return;
            }

            WriteRstStream(stream.Id, error);
            drained = Released(stream);
        }

        stream.Fail(new HttpRequestException(HttpRequestError.HttpProtocolError, message, new HttpProtocolException((long)error, message, null)));
        CloseIfDrained(drained);
    }

    private void Finish(Http2Stream stream)
    {
        bool drained;
        lock (_sync)
        {
            if (!_streams.Remove(stream.Id) || !stream.TryMarkDone())
            {
                return;
            }

            if (stream.IsBlocked)
            {
                // Answered before its body was all sent (§8.1): stop sending it.
                WriteRstStream(stream.Id, Http2Error.NoError);
            }

            drained = Released(stream);
        }

        stream.Complete();
        CloseIfDrained(drained);
    }

    /// <summary>
    /// Under the lock, for a stream just taken out of the table: it sends nothing more, and its place goes to the next
    /// waiting request. True when that left a draining connection empty (close it after leaving the lock).
    /// </summary>
    private bool Released(Http2Stream stream)
    {
        Unblock(stream);
        OpenWaiting();
        return IsDrainedLocked;
    }

    private bool IsDrainedLocked => _draining && _closedReason is null && _streams.Count == 0 && _waitingForStream.Count == 0;

    private void CloseIfDrained(bool drained)
    {
        if (drained)
        {
            _ = CloseDrainedAsync();
        }
    }

    private async Task CloseDrainedAsync()
    {
        // Let the last frames (RST_STREAM, WINDOW_UPDATE) go out before the socket closes.
        await WaitForWritesAsync().ConfigureAwait(false);
        Abort(new HttpRequestException(HttpRequestError.ResponseEnded, "The APNs connection was closed after draining."));
    }

    /// <summary>
    /// Waits until everything appended so far is written (or the connection ended, or <see cref="LastWriteTimeout"/>
    /// passed). Only for closing, so it polls rather than costing the hot path a completion per write.
    /// </summary>
    private async Task WaitForWritesAsync()
    {
        var deadline = Environment.TickCount64 + (long)LastWriteTimeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            lock (_sync)
            {
                if (_closedReason is not null || (!_flushing && _pending.WrittenCount == 0))
                {
                    return;
                }
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private async Task SendGoAwayAsync(Http2Error error, string message)
    {
        lock (_sync)
        {
            if (_closedReason is not null)
            {
                return;
            }

            var debug = Encoding.UTF8.GetBytes(message);
            var payload = new byte[8 + Math.Min(debug.Length, 256)];
            BinaryPrimitives.WriteInt32BigEndian(payload, 0);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)error);
            debug.AsSpan(0, payload.Length - 8).CopyTo(payload.AsSpan(8));
            WriteFrame(FrameType.GoAway, 0, 0, payload);
        }

        StartFlush();
        await WaitForWritesAsync().ConfigureAwait(false);
    }

    private void OnPingTimer()
    {
        var now = Environment.TickCount64;
        Exception? unanswered = null;
        lock (_sync)
        {
            if (_closedReason is not null)
            {
                return;
            }

            if (_pingSentAt != 0)
            {
                if (now - _pingSentAt >= (long)_pingTimeout.TotalMilliseconds)
                {
                    var message = $"The APNs connection did not answer a keep-alive PING within {_pingTimeout.TotalSeconds:0.###} s.";
                    unanswered = new HttpRequestException(HttpRequestError.HttpProtocolError, message, new HttpProtocolException((long)Http2Error.ProtocolError, message, null));
                }
            }
            else if (now - Volatile.Read(ref _lastReceivedAt) >= (long)_pingDelay.TotalMilliseconds)
            {
                Span<byte> payload = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(payload, ++_pingPayload);
                WriteFrame(FrameType.Ping, 0, 0, payload);
                _pingSentAt = now;
            }
        }

        if (unanswered is not null)
        {
            Abort(unanswered);
            return;
        }

        StartFlush();
    }

    private static ReadOnlySpan<byte> Unpad(byte flags, ReadOnlySpan<byte> payload)
    {
        if ((flags & FrameFlags.Padded) == 0)
        {
            return payload;
        }

        if (payload.IsEmpty || payload[0] >= payload.Length)
        {
            throw new Http2ConnectionException(Http2Error.ProtocolError, "padding longer than the frame");
        }

        return payload[1..^payload[0]];
    }

    private sealed class DiscardingHeaderHandler : IHpackHeaderHandler
    {
        public static readonly DiscardingHeaderHandler Instance = new();

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
        }
    }
}

/// <summary>A connection-level protocol error of the server's: the connection ends with GOAWAY (RFC 9113 §5.4.1).</summary>
internal sealed class Http2ConnectionException(Http2Error error, string message) : Exception(message)
{
    public Http2Error Error { get; } = error;
}

/// <summary>What an <see cref="Http2Connection"/> needs besides its transport.</summary>
/// <param name="FirstStreamId">1, except in tests that run a connection out of stream ids.</param>
internal sealed record Http2ConnectionOptions(TimeSpan KeepAlivePingDelay, TimeSpan KeepAlivePingTimeout, long FirstStreamId = 1);
