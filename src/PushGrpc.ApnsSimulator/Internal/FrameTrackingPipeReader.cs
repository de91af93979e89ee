using System.Buffers;
using System.IO.Pipelines;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// The client's side of one decrypted HTTP/2 connection, passed through untouched; the frame headers of whatever
/// Kestrel consumes are reported so the fault layer knows which streams the client has in flight.
/// </summary>
internal sealed class FrameTrackingPipeReader(PipeReader inner, Action<FrameHeader> onFrame) : PipeReader
{
    private FrameCursor cursor = new(Http2Frames.ClientPrefaceLength);
    private ReadOnlySequence<byte> lastRead;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = inner.ReadAsync(cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            lastRead = result.Buffer;
            return new ValueTask<ReadResult>(result);
        }

        return AwaitReadAsync(pending);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        lastRead = result.Buffer;
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        cursor.Advance(lastRead.Slice(lastRead.Start, consumed), onFrame);
        lastRead = default;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private async ValueTask<ReadResult> AwaitReadAsync(ValueTask<ReadResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        lastRead = result.Buffer;
        return result;
    }
}
