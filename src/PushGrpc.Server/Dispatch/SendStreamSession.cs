using System.Threading.Channels;
using Grpc.Core;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Server.Dispatch;

/// <summary>
/// One SendStream call. A reader admits notifications and starts their sends; a single writer loop writes results
/// (grpc-dotnet forbids concurrent writes). Each result holds one of the stream's slots from the moment its work is
/// taken on until it is written back, so a caller that sends faster than APNs answers, or reads results slowly,
/// stops being read from and HTTP/2 flow control pushes back on it.
/// </summary>
internal sealed partial class SendStreamSession : IDisposable
{
    private readonly NotificationDispatcher _dispatcher;
    private readonly IServerStreamWriter<SendStreamResponse> _responses;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Channel<DeliveryResult> _results =
        Channel.CreateUnbounded<DeliveryResult>(new UnboundedChannelOptions { SingleReader = true });

    // Starts at 1 for the reader itself, so the results channel completes only after the reader has finished and
    // every send it started has reported.
    private int _producers = 1;
    private bool _callGone;

    public SendStreamSession(
        NotificationDispatcher dispatcher,
        IServerStreamWriter<SendStreamResponse> responses,
        int maxInFlight,
        ILogger logger)
    {
        _dispatcher = dispatcher;
        _responses = responses;
        _logger = logger;
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    public async Task RunAsync(IAsyncStreamReader<SendStreamRequest> requests, CancellationToken callCancelled)
    {
        var writer = WriteResultsAsync();
        try
        {
            while (await requests.MoveNext(callCancelled).ConfigureAwait(false))
            {
                await AcceptAsync(requests.Current.Notification, callCancelled).ConfigureAwait(false);
            }
        }
        finally
        {
            // Whether the caller half-closed or went away, sends already started run to their answers and every
            // result is drained before the call (and this session's slots) end.
            ProducerDone();
            await writer.ConfigureAwait(false);
        }
    }

    public void Dispose() => _slots.Dispose();

    private async Task AcceptAsync(Notification? notification, CancellationToken callCancelled)
    {
        if (notification is null)
        {
            await _slots.WaitAsync(callCancelled).ConfigureAwait(false);
            Publish(DeliveryResults.Invalid(string.Empty, string.Empty, "notification: is required"));
            return;
        }

        var admission = _dispatcher.Admit(notification);
        var tokens = notification.DeviceTokens;
        if (!admission.IsValid)
        {
            // A refused notification still owes one result per token (or one in all when it named no token).
            var count = Math.Max(tokens.Count, 1);
            for (var i = 0; i < count; i++)
            {
                await _slots.WaitAsync(callCancelled).ConfigureAwait(false);
                Publish(DeliveryResults.Invalid(notification.Id, i < tokens.Count ? tokens[i] : string.Empty, admission.Error!));
            }

            return;
        }

        foreach (var token in tokens)
        {
            await _slots.WaitAsync(callCancelled).ConfigureAwait(false);
            Interlocked.Increment(ref _producers);
            _ = SendAsync(admission, token);
        }
    }

    private async Task SendAsync(Admission admission, string token)
    {
        try
        {
            Publish(await _dispatcher.SendAsync(admission, token, CancellationToken.None).ConfigureAwait(false));
        }
        finally
        {
            ProducerDone();
        }
    }

    private void Publish(DeliveryResult result)
    {
        // Unbounded and never completed while a producer is alive, so this cannot fail.
        _results.Writer.TryWrite(result);
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
        await foreach (var result in _results.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (!_callGone)
            {
                try
                {
                    await _responses.WriteAsync(new SendStreamResponse { Result = result }).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException)
                {
                    // The caller cancelled or disconnected: keep draining so in-flight sends finish and free their slots.
                    _callGone = true;
                    LogCallGone(ex);
                }
            }

            _slots.Release();
        }
    }

    [LoggerMessage(EventId = 1101, EventName = "SendStreamCallerGone", Level = LogLevel.Information,
        Message = "SendStream caller went away; remaining results are dropped after their sends finish")]
    private partial void LogCallGone(Exception cause);
}
