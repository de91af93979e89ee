using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Security.Authentication;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// What one kind of request brings to <see cref="AttemptSender"/>: a push or broadcast (<see cref="ApnsClient"/>), a
/// channel-management call (<see cref="ApnsChannelManager"/>). Implemented by readonly structs, so the shared attempt
/// is compiled for each with direct calls: no delegate and no allocation per request.
/// </summary>
internal interface IApnsExchange<TResponse>
{
    /// <summary>A new request; every attempt sends its own.</summary>
    HttpRequestMessage CreateRequest();

    ValueTask<TResponse> ReadAsync(HttpResponseMessage response, TimeProvider timeProvider, long startTimestamp, CancellationToken cancellationToken);

    /// <summary>The Failed result of an attempt that got no answer.</summary>
    TResponse NoAnswer(string error, TimeSpan duration);

    /// <summary>APNs answered ExpiredProviderToken: the attempt keeps the token it sent, for its replacement.</summary>
    bool IsExpiredProviderToken(TResponse response);
}

/// <summary>
/// One attempt at a request, the same for pushes, broadcasts and channel management: wait for a stream, send, read
/// the answer, or tell what became of a request that got none (<see cref="AttemptFailure"/>). Whether to send again
/// is each client's decision: their rules differ.
/// </summary>
internal sealed class AttemptSender
{
    private readonly ApnsConnectionPool _pool;
    private readonly TimeoutPool _timeouts;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _requestTimeout;
    private readonly string _timeoutMessage;
    private readonly string _disposedError;

    /// <param name="disposedError">The error of an attempt that finds its owner disposed.</param>
    public AttemptSender(ApnsConnectionPool pool, ApnsClientOptions options, string disposedError)
    {
        _pool = pool;
        _timeProvider = options.TimeProvider;
        _requestTimeout = options.RequestTimeout;
        _timeouts = new TimeoutPool(options.RequestTimeout, options.TimeProvider);
        _timeoutMessage = "timed out after " + options.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        _disposedError = disposedError;
    }

    /// <summary>
    /// Every body write is one request on the wire (the handler resends refused streams by itself); a request without
    /// a body shows none, and an answer proves that one went out.
    /// </summary>
    internal static int SentWithAnswer(HttpRequestMessage request) => Math.Max(1, (request.Content as ApnsPayloadContent)?.Writes ?? 0);

    /// <summary>One request: wait for a stream, send, read the answer. Never throws except for the caller's cancellation.</summary>
    /// <remarks>
    /// Every push passes here, and nearly every one waits for its answer, so the state machine is pooled rather than
    /// allocated per request: each caller awaits the result once, at once, which is all a pooled ValueTask asks.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Attempt<TResponse>> SendAsync<TExchange, TResponse>(TExchange exchange, CancellationToken cancellationToken)
        where TExchange : struct, IApnsExchange<TResponse>
    {
        var start = _timeProvider.GetTimestamp();

        // One timer covers waiting for a stream, connecting and the answer; the caller's token cancels it too.
        var timeout = _timeouts.Rent();
        var answered = false;
        try
        {
            using var link = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout)
                : default;

            ApnsConnection connection;
            try
            {
                connection = await _pool.AcquireAsync(_requestTimeout, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var error = _timeoutMessage + " waiting for a free stream";
                return Unanswered(exchange.NoAnswer(error, Elapsed(start)), AttemptFate.NotSent, timedOut: true, 0, -1);
            }
            catch (NoConnectionException ex)
            {
                return Unanswered(exchange.NoAnswer(ex.Message, Elapsed(start)), AttemptFate.NotSent, timedOut: false, 0, -1);
            }

            var generation = connection.EnterHandler();
            if (generation is null)
            {
                _pool.Release(connection);
                return Unanswered(exchange.NoAnswer(_disposedError, Elapsed(start)), AttemptFate.NotSent, timedOut: false, 0, connection.Index);
            }

            var refusedStreamGoAways = connection.RefusedStreamGoAways;
            HttpRequestMessage? request = null;
            try
            {
                request = exchange.CreateRequest();
                using var response = await generation.Invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
                connection.OnAnswer();
                var parsed = await exchange.ReadAsync(response, _timeProvider, start, timeout.Token).ConfigureAwait(false);
                var authorization = exchange.IsExpiredProviderToken(parsed) &&
                    request.Headers.NonValidated.TryGetValues("authorization", out var values)
                    ? values.ToString()
                    : null;
                answered = true;
                return new(parsed, true, AttemptFate.Unknown, false, SentWithAnswer(request), connection.Index, connection, generation, authorization);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException or AuthenticationException)
            {
                var timedOut = ex is OperationCanceledException && timeout.IsCancellationRequested;
                var (fate, sent) = AttemptFailure.Classify(request, ex, connection.RefusedStreamGoAways != refusedStreamGoAways);
                var error = timedOut ? _timeoutMessage : ErrorText.Describe(ex);
                if (fate == AttemptFate.NotSent && ex is HttpRequestException)
                {
                    // Connect and TLS errors reach us with the handler's classification (ConnectionError,
                    // SecureConnectionError): the most useful text for "APNs unreachable" reports on this slot.
                    connection.LastConnectError = error;
                }

                return Unanswered(exchange.NoAnswer(error, Elapsed(start)), fate, timedOut, sent, connection.Index);
            }
            finally
            {
                request?.Dispose();
                generation.Exit();
                _pool.Release(connection);
            }
        }
        finally
        {
            // Only an answered request's timeout goes back to the pool: then the handler has finished with its token.
            // After an error or a timeout it may still be watching it, so that one is disposed, not reused.
            _timeouts.Return(timeout, reusable: answered);
        }
    }

    private static Attempt<TResponse> Unanswered<TResponse>(TResponse response, AttemptFate fate, bool timedOut, int sent, int connectionIndex) =>
        new(response, false, fate, timedOut, sent, connectionIndex, null, null, null);

    private TimeSpan Elapsed(long start) => _timeProvider.GetElapsedTime(start);
}
