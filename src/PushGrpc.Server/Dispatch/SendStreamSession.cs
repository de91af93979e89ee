using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Core;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Observability;
using PushGrpc.Server.Security;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// One SendStream call. A reader admits notifications and starts their sends; a single writer loop writes results
/// (grpc-dotnet forbids concurrent writes). Each result holds one of the stream's slots from the moment its work is
/// taken on until it is written back, and the reader starts a send only once there is room for it in the app's APNs
/// pool (<see cref="NotificationDispatcher.ReserveAsync"/>). So a caller that sends faster than APNs answers, or reads
/// results slowly, stops being read from: its further notifications wait as bytes under HTTP/2 flow control, not as
/// objects in the gateway.
/// </summary>
/// <remarks>
/// Every notification read gets exactly one result per token. When the caller goes away, sends already under way
/// finish (their results are counted in the closing log line) and nothing new is sent. When the gateway shuts down,
/// every notification already read is still sent if its app's pool has room (one whose tokens would have to wait for
/// room gets FAILED results for them instead, so the drain waits only for requests on the wire), and every
/// notification read after that gets a FAILED "not sent, send it again" result without being sent. Reading goes on
/// until the caller half-closes (or the drain time runs out): ending the call while the caller is still writing would
/// let the connection close under its late DATA, and the TCP reset that answers it can destroy results already on
/// their way to the caller. The call then ends UNAVAILABLE, so a caller that only looks at the status knows to send
/// again what was not sent.
/// </remarks>
internal sealed partial class SendStreamSession : IDisposable
{
    private readonly NotificationDispatcher _dispatcher;
    private readonly GatewayShutdown _shutdown;
    private readonly IServerStreamWriter<SendStreamResponse> _responses;
    private readonly ILogger _logger;
    private readonly Caller? _caller;
    private readonly SemaphoreSlim _slots;
    private readonly Channel<Outcome> _results =
        Channel.CreateUnbounded<Outcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int[] _countsByStatus = new int[Enum.GetValues<DeliveryStatus>().Length];
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    // Cancelled when writing a result failed for a reason other than the caller going away: reading stops, and the
    // call ends with an error once what was read has been drained.
    private readonly CancellationTokenSource _writeFailed = new();

    // Starts at 1 for the reader itself, so the results channel completes only after the reader has finished and
    // every send it started has reported.
    private int _producers = 1;
    private readonly int _maxInFlight;
    private int _notWritten;
    private int _notSentForShutdown;

    public SendStreamSession(
        NotificationDispatcher dispatcher,
        GatewayShutdown shutdown,
        IServerStreamWriter<SendStreamResponse> responses,
        int maxInFlight,
        ILogger logger,
        Caller? caller = null)
    {
        _caller = caller;
        _dispatcher = dispatcher;
        _shutdown = shutdown;
        _responses = responses;
        _logger = logger;
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        _maxInFlight = maxInFlight;
    }

    public async Task RunAsync(IAsyncStreamReader<SendStreamRequest> requests, CancellationToken callCancelled)
    {
        // Waiting for room in an APNs pool stops when the caller goes away or the gateway stops. Reading stops when the
        // caller goes away, a result could not be written or the shutdown's drain time runs out (not when the gateway
        // starts stopping: see the remarks).
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, _shutdown.Stopping);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, _writeFailed.Token, _shutdown.DrainExpired);
        using var gauge = _dispatcher.Metrics.TrackStream(() => _maxInFlight - _slots.CurrentCount, _maxInFlight);
        var writer = WriteResultsAsync();
        var callerFinished = false;
        try
        {
            while (await requests.MoveNext(reading.Token).ConfigureAwait(false))
            {
                await AcceptAsync(requests.Current.Notification, callCancelled, stopWaiting.Token).ConfigureAwait(false);
            }

            callerFinished = true;
        }
        catch (OperationCanceledException) when (callCancelled.IsCancellationRequested || _shutdown.DrainExpired.IsCancellationRequested
            || _writeFailed.IsCancellationRequested)
        {
            // The caller went away, the drain time ran out or a result could not be written: stop reading; what was
            // read still gets its results. (The sources are asked, not the linked ones: a wait woken by a source may
            // get here before the callback that cancels the linked source has run.)
        }
        finally
        {
            ProducerDone();
            await writer.ConfigureAwait(false);
            LogFinished();
        }

        if (_writeFailed.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Internal,
                $"The gateway could not write results to this stream; {_notWritten} results were not written. Send again what has no result."));
        }

        if (callCancelled.IsCancellationRequested)
        {
            return;
        }

        if (!callerFinished)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                "The gateway is shutting down: every notification it read has its result on this stream; send the rest again."));
        }

        if (_notSentForShutdown > 0)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"The gateway is shutting down: {_notSentForShutdown} results on this stream say their notification was not sent; send those again."));
        }
    }

    public void Dispose()
    {
        _slots.Dispose();
        _writeFailed.Dispose();
    }

    private async Task AcceptAsync(Notification? notification, CancellationToken callCancelled, CancellationToken stopWaiting)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        if (notification is null)
        {
            await PublishAsync(DeliveryResults.Missing("notification: is required"),
                _dispatcher.Metrics.TagsFor(null, null, receivedAt), callCancelled).ConfigureAwait(false);
            return;
        }

        if (_shutdown.Stopping.IsCancellationRequested)
        {
            // Read after the gateway began stopping: one "not sent, send it again" result per recipient.
            var notSent = DeliveryResults.Recipients(notification);
            _notSentForShutdown += notSent.Count;
            await PublishAllAsync(notSent.Select(r => NotificationDispatcher.NotStarted(notification, r, callCancelled)),
                _dispatcher.Metrics.TagsFor(notification, null, receivedAt), callCancelled).ConfigureAwait(false);
            return;
        }

        var admission = _dispatcher.Admit(notification, _caller);
        var tags = _dispatcher.Metrics.TagsFor(notification, admission, receivedAt);
        if (!admission.IsValid)
        {
            await PublishAllAsync(admission.RefusedResults(), tags, callCancelled).ConfigureAwait(false);
            return;
        }

        var recipients = admission.Recipients;
        for (var i = 0; i < recipients.Count; i++)
        {
            var holdsSlot = false;
            try
            {
                // This stream's own slot first: it is freed by this stream's writer, which goes on during a shutdown.
                await _slots.WaitAsync(callCancelled).ConfigureAwait(false);
                holdsSlot = true;
                await _dispatcher.ReserveAsync(admission, stopWaiting).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The caller went away or the gateway is stopping (perhaps half-way through a multicast): the tokens
                // not yet sent still get their result. Reading goes on only in the second case.
                for (var j = i; j < recipients.Count; j++)
                {
                    Publish(new Outcome(NotificationDispatcher.NotStarted(notification, recipients[j], callCancelled),
                        HoldsSlot: holdsSlot && j == i, tags));
                }

                if (callCancelled.IsCancellationRequested)
                {
                    throw;
                }

                _notSentForShutdown += recipients.Count - i;
                return;
            }

            Interlocked.Increment(ref _producers);
            _ = SendAsync(admission, recipients[i], tags);
        }
    }

    private async Task SendAsync(Admission admission, string recipient, ResultTags tags)
    {
        try
        {
            Publish(new Outcome(await _dispatcher.SendReservedAsync(admission, recipient).ConfigureAwait(false), HoldsSlot: true, tags));
        }
        finally
        {
            ProducerDone();
        }
    }

    /// <summary>
    /// Publishes results that need no send (one notification's, one per recipient), each taking a slot; if the caller
    /// goes away half-way, the rest are still published, without slots, and the cancellation goes on up.
    /// </summary>
    private async ValueTask PublishAllAsync(IEnumerable<DeliveryResult> results, ResultTags tags, CancellationToken callCancelled)
    {
        using var each = results.GetEnumerator();
        try
        {
            while (each.MoveNext())
            {
                await PublishAsync(each.Current, tags, callCancelled).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            while (each.MoveNext())
            {
                Publish(new Outcome(each.Current, HoldsSlot: false, tags));
            }

            throw;
        }
    }

    /// <summary>Publishes a result that needs no send, taking a slot for it unless the caller has gone.</summary>
    private async ValueTask PublishAsync(DeliveryResult result, ResultTags tags, CancellationToken callCancelled)
    {
        var holdsSlot = true;
        try
        {
            await _slots.WaitAsync(callCancelled).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            holdsSlot = false;
            Publish(new Outcome(result, holdsSlot, tags));
            throw;
        }

        Publish(new Outcome(result, holdsSlot, tags));
    }

    private void Publish(Outcome outcome)
    {
        // Unbounded, and completed only after the last producer is done, so this cannot fail.
        _results.Writer.TryWrite(outcome);
    }

    private void ProducerDone()
    {
        if (Interlocked.Decrement(ref _producers) == 0)
        {
            _results.Writer.TryComplete();
        }
    }

    private async Task WriteResultsAsync()
    {
        var callGone = false;
        await foreach (var (result, holdsSlot, tags) in _results.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            _countsByStatus[(int)result.Status]++;
            if (!callGone)
            {
                try
                {
                    await _responses.WriteAsync(new SendStreamResponse { Result = result }).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException)
                {
                    // The caller cancelled or disconnected: keep draining so in-flight sends finish and free their slots.
                    callGone = true;
                    LogCallerGone(ex);
                }
                catch (Exception ex)
                {
                    // Anything else is a bug, but this loop must go on draining: it alone frees the slots the reader
                    // and the sends wait for, so stopping here would hang the call.
                    callGone = true;
                    LogWriteFailed(ex);
                    await _writeFailed.CancelAsync().ConfigureAwait(false);
                }
            }

            if (callGone)
            {
                _notWritten++;
            }

            try
            {
                _dispatcher.Metrics.RecordResult(tags, result);
            }
            catch (Exception ex)
            {
                // A metrics bug must not stop the draining either.
                LogMetricsFailed(ex);
            }

            if (holdsSlot)
            {
                _slots.Release();
            }
        }
    }

    private void LogFinished()
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var duration = Stopwatch.GetElapsedTime(_startedAt);
            LogFinished(duration, _countsByStatus[(int)DeliveryStatus.Accepted],
                _countsByStatus[(int)DeliveryStatus.Rejected], _countsByStatus[(int)DeliveryStatus.Failed],
                _countsByStatus[(int)DeliveryStatus.Invalid], _notWritten);
        }
    }

    private readonly record struct Outcome(DeliveryResult Result, bool HoldsSlot, ResultTags Tags);

    [LoggerMessage(EventId = 1101, EventName = "SendStreamCallerGone", Level = LogLevel.Information,
        Message = "SendStream caller went away; sends under way finish, their results are counted but not written")]
    private partial void LogCallerGone(Exception cause);

    [LoggerMessage(EventId = 1103, EventName = "SendStreamWriteFailed", Level = LogLevel.Error,
        Message = "SendStream could not write a result; reading stops and the call ends once what was read is drained")]
    private partial void LogWriteFailed(Exception cause);

    [LoggerMessage(EventId = 1104, EventName = "SendStreamMetricsFailed", Level = LogLevel.Error,
        Message = "SendStream could not record a result's metrics")]
    private partial void LogMetricsFailed(Exception cause);

    [LoggerMessage(EventId = 1102, EventName = "SendStreamFinished", Level = LogLevel.Information,
        Message = "SendStream finished after {Duration}: {Accepted} accepted, {Rejected} rejected, {Failed} failed, {Invalid} invalid; {NotWritten} results could not be written (caller gone)")]
    private partial void LogFinished(TimeSpan duration, int accepted, int rejected, int failed, int invalid, int notWritten);
}
