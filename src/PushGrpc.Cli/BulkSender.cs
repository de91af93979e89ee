using System.Diagnostics;
using Grpc.Core;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Cli;

/// <summary>
/// Streams bulk rows through one SendStream with at most <c>window</c> results outstanding, writes each result as it
/// arrives and counts it. The first Ctrl-C stops sending: the request stream is half-closed and every result still
/// outstanding is waited for; the second stops waiting.
/// </summary>
internal sealed class BulkSender(PushService.PushServiceClient client, Metadata headers, int window, ResultWriter output, CliContext context) : IDisposable
{
    private readonly SemaphoreSlim _resultArrived = new(0);
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private long _sentNotifications;
    private long _expectedResults;
    private long _results;
    private long _skipped;
    private int _outstanding;

    public ResultSummary Summary { get; } = new();

    public long SentNotifications => Interlocked.Read(ref _sentNotifications);

    public long Results => Interlocked.Read(ref _results);

    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Results the gateway owes for what was sent but had not returned when the stream ended.</summary>
    public long Missing => Interlocked.Read(ref _expectedResults) - Results;

    public bool Stopped { get; private set; }

    /// <summary>Why the stream ended early (gateway unreachable, shutting down, not authenticated); null when it did not.</summary>
    public RpcException? StreamError { get; private set; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startedAt);

    public void Dispose() => _resultArrived.Dispose();

    public async Task RunAsync(IAsyncEnumerable<BulkRow> rows)
    {
        using var call = client.SendStream(headers, cancellationToken: context.Abort);
        var reader = ReadResultsAsync(call.ResponseStream);
        try
        {
            await foreach (var row in rows.WithCancellation(context.Abort).ConfigureAwait(false))
            {
                if (context.StopSending.IsCancellationRequested)
                {
                    Stopped = true;
                    break;
                }

                if (row.Notification is not { } notification)
                {
                    Interlocked.Increment(ref _skipped);
                    await context.Error.WriteLineAsync($"line {row.Line}: skipped: {row.Error}").ConfigureAwait(false);
                    continue;
                }

                var results = Math.Max(notification.DeviceTokens.Count, 1);
                if (!await WaitForRoomAsync(results, reader).ConfigureAwait(false))
                {
                    break;
                }

                Interlocked.Add(ref _outstanding, results);
                Interlocked.Add(ref _expectedResults, results);
                await call.RequestStream.WriteAsync(new SendStreamRequest { Notification = notification }, context.Abort).ConfigureAwait(false);
                Interlocked.Increment(ref _sentNotifications);
            }

            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException && reader.IsCompleted)
        {
            // The gateway ended the call while we were still writing; the reader holds the reason.
        }

        await reader.ConfigureAwait(false);
    }

    /// <summary>Waits until <paramref name="results"/> more fit the window; false when sending should stop instead.</summary>
    private async Task<bool> WaitForRoomAsync(int results, Task reader)
    {
        while (Volatile.Read(ref _outstanding) is var outstanding && outstanding > 0 && outstanding + results > window)
        {
            if (reader.IsCompleted)
            {
                return false;
            }

            try
            {
                await _resultArrived.WaitAsync(context.StopSending).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Stopped = true;
                return false;
            }
        }

        return !reader.IsCompleted;
    }

    private async Task ReadResultsAsync(IAsyncStreamReader<SendStreamResponse> responses)
    {
        try
        {
            while (await responses.MoveNext(context.Abort).ConfigureAwait(false))
            {
                var result = responses.Current.Result;
                await output.WriteAsync(result).ConfigureAwait(false);
                Summary.Add(result);
                Interlocked.Increment(ref _results);
                Interlocked.Decrement(ref _outstanding);
                _resultArrived.Release();
            }
        }
        catch (RpcException ex)
        {
            StreamError = ex;
        }
        catch (OperationCanceledException) when (context.Abort.IsCancellationRequested)
        {
            StreamError = new RpcException(new Status(StatusCode.Cancelled, "stopped waiting for results (Ctrl-C twice)"));
        }
        finally
        {
            _resultArrived.Release();
        }
    }
}
