using System.Buffers;
using System.IO.Pipelines;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// Kestrel's output on one decrypted HTTP/2 connection. Kestrel writes into a private buffer; each flush forwards the
/// complete frames to the TLS transport, so the transport is always at a frame boundary between flushes. That lets
/// the fault layer slip its own frames (SETTINGS, GOAWAY) in between Kestrel's, and stop Kestrel's output for good
/// right after a GOAWAY.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore's wait handle is never created; an injection may still be releasing it when Kestrel completes the writer.")]
internal sealed class FrameTrackingPipeWriter(PipeWriter inner, Action<FrameHeader> onFrame, uint? firstStreamLimit = null) : PipeWriter
{
    // The SETTINGS_MAX_CONCURRENT_STREAMS that Kestrel's first SETTINGS frame carries instead of its own (the one-stream
    // start of a token connection): in that very frame, so a client never sees a higher limit first. Null once done.
    private uint? firstStreamLimit = firstStreamLimit;

    private const int MinimumSegment = 4096;

    // Serializes Kestrel's flushes with injected frames: the inner writer is not thread-safe.
    private readonly SemaphoreSlim gate = new(1, 1);
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(MinimumSegment);
    private int length;
    private bool frozen;
    private bool completed;
    private bool innerCompleted;

    public override void Advance(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, buffer.Length - length);
        length += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return buffer.AsMemory(length);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return buffer.AsSpan(length);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            ForwardCompleteFrames();
            return frozen
                ? new FlushResult(isCanceled: false, isCompleted: false)
                : await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public override void Complete(Exception? exception = null)
    {
        gate.Wait();
        try
        {
            CompleteCore(exception);
        }
        finally
        {
            gate.Release();
        }
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            CompleteCore(exception);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Writes <paramref name="frame"/> to the transport between two of Kestrel's frames. With
    /// <paramref name="closeAfter"/>, nothing Kestrel writes afterwards reaches the transport, whose output is then
    /// completed: TLS and TCP close gracefully, after the frame has been sent.
    /// </summary>
    public async Task InjectAsync(byte[] frame, bool closeAfter)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (frozen || completed)
            {
                return;
            }

            frozen = closeAfter;
            inner.Write(frame);
            await inner.FlushAsync().ConfigureAwait(false);
            if (closeAfter)
            {
                innerCompleted = true;
                await inner.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The connection went away first: there is nobody left to tell.
        }
        finally
        {
            gate.Release();
        }
    }

    private void CompleteCore(Exception? exception)
    {
        if (completed)
        {
            return;
        }

        completed = true;
        if (!frozen)
        {
            ForwardCompleteFrames();
        }

        if (!innerCompleted)
        {
            innerCompleted = true;
            inner.Complete(exception);
        }

        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
        length = 0;
    }

    private void ForwardCompleteFrames()
    {
        var offset = 0;
        while (length - offset >= Http2Frames.HeaderLength)
        {
            var header = Http2Frames.ReadHeader(buffer.AsSpan(offset));
            var total = Http2Frames.HeaderLength + header.Length;
            if (length - offset < total)
            {
                break;
            }

            onFrame(header);
            var limitFrame = ApplyFirstStreamLimit(buffer.AsSpan(offset, total), header);
            if (!frozen)
            {
                inner.Write(buffer.AsSpan(offset, total));
                if (limitFrame is not null)
                {
                    inner.Write(limitFrame);
                }
            }

            offset += total;
        }

        if (offset > 0)
        {
            Buffer.BlockCopy(buffer, offset, buffer, 0, length - offset);
            length -= offset;
        }
    }

    /// <summary>
    /// In the first SETTINGS frame, sets the stream limit to <see cref="firstStreamLimit"/>. Kestrel always states its
    /// limit there; should it not, the limit is returned as a SETTINGS frame of its own to send straight after.
    /// </summary>
    private byte[]? ApplyFirstStreamLimit(Span<byte> frame, FrameHeader header)
    {
        if (firstStreamLimit is not { } limit || header.Type != Http2Frames.TypeSettings || (header.Flags & Http2Frames.FlagAck) != 0)
        {
            return null;
        }

        firstStreamLimit = null;
        return Http2Frames.TryRewriteSetting(frame, Http2Frames.SettingsMaxConcurrentStreams, limit)
            ? null
            : Http2Frames.Settings(Http2Frames.SettingsMaxConcurrentStreams, limit);
    }

    private void Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        var needed = Math.Max(sizeHint, 1);
        if (buffer.Length - length >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + Math.Max(needed, MinimumSegment)));
        Buffer.BlockCopy(buffer, 0, larger, 0, length);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
