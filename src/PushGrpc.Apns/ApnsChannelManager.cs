using System.Globalization;
using System.Net.Http;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PushGrpc.Apns.Auth;
using PushGrpc.Apns.Internal;

namespace PushGrpc.Apns;

/// <summary>
/// The broadcast channel-management client (apns-reference §7.1) for one credential and environment. It talks to the
/// management host (<see cref="ApnsClientOptions.ManagementBaseAddress"/>, by default api-manage-broadcast… on port
/// 2195 or 2196) over its own pool of one HTTP/2 connection: the same connection class, TLS setup, trust and client
/// certificate as <see cref="ApnsClient"/>'s pool, only another host. With token auth it sends the same provider token
/// as every <see cref="ApnsClient"/> built on the same <see cref="ApnsTokenCredential"/> instance (no extra signing).
/// Thread-safe; management calls are rare, so one connection carries them all.
/// </summary>
/// <remarks>
/// Retries, up to <see cref="ApnsClientOptions.MaxAttempts"/> with the client's backoff and Retry-After rules: read,
/// delete and list are resent after any outcome without a verdict (transport failure, timeout, 5xx, 429). Create is
/// not idempotent: it is resent only when APNs certainly did not act on it (nothing was written, the stream was
/// refused, or APNs answered 429 or 503), never after a request may have arrived and got no answer, and never after
/// 500. No credential cool-down applies here: credential errors are returned, not retried.
/// </remarks>
public sealed class ApnsChannelManager : IApnsChannelManager
{
    private static readonly Uri SandboxHost = new("https://api-manage-broadcast.sandbox.push.apple.com:2195");
    private static readonly Uri ProductionHost = new("https://api-manage-broadcast.push.apple.com:2196");

    private readonly ApnsConnectionPool _pool;
    private readonly ApnsChannelRequestFactory _requests;
    private readonly ApnsJwtProvider? _jwt;
    private readonly RetryPolicy _retry;

    // Timeouts are read from the (immutable) options as they are needed.
    private readonly ApnsClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _timeoutMessage;
    private readonly ILogger _logger;
    private readonly string _name;
    private int _disposed;

    /// <summary>Creates the manager; its connection opens on first use.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ApnsChannelManager(ApnsClientOptions options, ILogger<ApnsChannelManager>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid APNs client options: " + string.Join(" ", errors), nameof(options));
        }

        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _name = options.MetricsName;
        _options = options;
        _retry = new RetryPolicy(options);
        _timeProvider = options.TimeProvider;
        _timeoutMessage = "timed out after " + options.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        BaseAddress = ResolveManagementAddress(options);
        _jwt = options.Credential is ApnsTokenCredential token
            ? token.SharedJwtProvider(options.TimeProvider, options.TokenRefreshInterval, _logger, _name)
            : null;
        _requests = new ApnsChannelRequestFactory(BaseAddress, _jwt);
        _pool = new ApnsConnectionPool(options, _logger, credentialGoAway: null, poolSize: 1);
    }

    /// <summary>Where management requests go: scheme, host and port only.</summary>
    internal Uri BaseAddress { get; }

    internal ApnsConnectionPool Pool => _pool;

    /// <inheritdoc />
    public Task<ApnsChannelResponse> CreateChannelAsync(
        string bundleId, ApnsMessageStoragePolicy storagePolicy, CancellationToken cancellationToken = default)
    {
        BroadcastRules.ThrowIfInvalidBundleId(bundleId, nameof(bundleId));
        if (!Enum.IsDefined(storagePolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(storagePolicy), storagePolicy, "Unknown message storage policy.");
        }

        return SendAsync(ChannelOperation.Create, bundleId, null, storagePolicy, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ApnsChannelResponse> GetChannelAsync(string bundleId, string channelId, CancellationToken cancellationToken = default)
    {
        BroadcastRules.ThrowIfInvalidBundleId(bundleId, nameof(bundleId));
        ArgumentNullException.ThrowIfNull(channelId);
        return SendAsync(ChannelOperation.Get, bundleId, channelId, default, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ApnsChannelResponse> DeleteChannelAsync(string bundleId, string channelId, CancellationToken cancellationToken = default)
    {
        BroadcastRules.ThrowIfInvalidBundleId(bundleId, nameof(bundleId));
        ArgumentNullException.ThrowIfNull(channelId);
        return SendAsync(ChannelOperation.Delete, bundleId, channelId, default, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ApnsChannelResponse> ListChannelsAsync(string bundleId, CancellationToken cancellationToken = default)
    {
        BroadcastRules.ThrowIfInvalidBundleId(bundleId, nameof(bundleId));
        return SendAsync(ChannelOperation.List, bundleId, null, default, cancellationToken);
    }

    /// <summary>Closes the connection; requests still in flight end as Failed.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _pool.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    internal static Uri ResolveManagementAddress(ApnsClientOptions options) =>
        options.ManagementBaseAddress is { } custom ? new Uri(custom.GetLeftPart(UriPartial.Authority))
        : options.Environment == ApnsEnvironment.Production ? ProductionHost
        : SandboxHost;

    private async Task<ApnsChannelResponse> SendAsync(
        ChannelOperation operation, string bundleId, string? channelId, ApnsMessageStoragePolicy storagePolicy, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();

        // One apns-request-id for every resend: APNs echoes it, so operators can follow one call through its attempts.
        var requestId = Guid.NewGuid().ToString("D");
        if (channelId is not null && BroadcastRules.ChannelIdProblem(channelId) is { } problem)
        {
            return new ApnsChannelResponse
            {
                Outcome = ApnsOutcome.Rejected,
                Reason = problem.Reason,
                ApnsRequestId = requestId,
                ChannelId = channelId,
                Error = problem.Error,
                Attempts = 0,
            };
        }

        var operationName = operation.Name();
        var sent = 0;
        var tokenReplaced = false;
        var attempt = 0;
        while (true)
        {
            attempt++;
            var result = await AttemptAsync(operation, bundleId, channelId, storagePolicy, requestId, cancellationToken).ConfigureAwait(false);
            ApnsInstruments.RecordChannelRequest(_name, operation, result.Response);
            sent += result.Sent;
            var response = result.Response;
            string what;
            string cause;

            if (result.Answered)
            {
                if (response.Outcome != ApnsOutcome.Failed)
                {
                    return response with { Attempts = sent };
                }

                if (response.Reason == ApnsReason.ExpiredProviderToken && !tokenReplaced && _jwt is not null &&
                    result.Authorization is { } rejected && _jwt.TryReplaceExpired(rejected))
                {
                    // As for pushes: a new token goes on a new connection, and this one resend is not counted against
                    // MaxAttempts. APNs answered, so even a create was not acted on.
                    tokenReplaced = true;
                    ApnsInstruments.RecordChannelRetry(_name, operation, "expired_provider_token");
                    result.Connection?.Recycle(result.Generation!, "ExpiredProviderToken: new provider token, new connection");
                    attempt--;
                    continue;
                }

                if (response.Reason.IsCredentialError())
                {
                    return response with { Attempts = sent };
                }

                // 429 and 503 mean APNs did not act on the request. 500 (or another 5xx) does not say that: only
                // requests that are safe to repeat are resent after it.
                if (!operation.IsIdempotent() && response.HttpStatus is not (429 or 503))
                {
                    return response with { Attempts = sent };
                }

                what = $"HTTP {response.HttpStatus} {response.ReasonText}";
                cause = ApnsInstruments.AnsweredRetryCause(response.HttpStatus);
            }
            else
            {
                what = response.Error ?? "no answer";
                cause = response.Error?.StartsWith(_timeoutMessage, StringComparison.Ordinal) == true ? "timeout"
                    : result.Fate == AttemptFate.Unknown ? "transport_unknown_fate"
                    : "transport_not_sent";

                // A create that may have reached APNs is never resent: it may have made a channel, and a second
                // create would make another one (channel ids are random, APNs has no idempotency key). The caller
                // can list the channels to find out.
                if (!operation.IsIdempotent() && result.Fate == AttemptFate.Unknown)
                {
                    Log.ChannelCreateNotResent(_logger, bundleId, requestId, what);
                    return response with
                    {
                        Attempts = sent,
                        Error = response.Error + "; the create may have reached APNs: not resent (it is not idempotent; list the channels to see whether it was made)",
                    };
                }
            }

            if (!_retry.TryGetDelay(attempt, response.RetryAfter, out var delay) || Volatile.Read(ref _disposed) != 0)
            {
                if (!result.Answered)
                {
                    Log.ChannelRequestFailed(_logger, operationName, bundleId, requestId, what);
                }

                return response with { Attempts = sent };
            }

            ApnsInstruments.RecordChannelRetry(_name, operation, cause);
            Log.ChannelRetrying(_logger, operationName, bundleId, requestId, attempt, what, (long)delay.TotalMilliseconds);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One request: wait for the stream, send, read the answer. Never throws except for the caller's cancellation.</summary>
    private async Task<Attempt> AttemptAsync(
        ChannelOperation operation,
        string bundleId,
        string? channelId,
        ApnsMessageStoragePolicy storagePolicy,
        string requestId,
        CancellationToken cancellationToken)
    {
        var start = _timeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        using var link = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout)
            : default;

        ApnsConnection connection;
        try
        {
            connection = await _pool.AcquireAsync(_options.RequestTimeout, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Attempt.NoAnswer(Failed(requestId, channelId, _timeoutMessage + " waiting for a free stream", start), AttemptFate.NotSent, 0);
        }
        catch (NoConnectionException ex)
        {
            return Attempt.NoAnswer(Failed(requestId, channelId, ex.Message, start), AttemptFate.NotSent, 0);
        }

        var generation = connection.EnterHandler();
        if (generation is null)
        {
            _pool.Release(connection);
            return Attempt.NoAnswer(Failed(requestId, channelId, "the channel manager was disposed", start), AttemptFate.NotSent, 0);
        }

        var refusedStreamGoAways = connection.RefusedStreamGoAways;
        HttpRequestMessage? request = null;
        try
        {
            request = _requests.Create(operation, bundleId, channelId, storagePolicy, requestId);
            using var response = await generation.Invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            connection.OnAnswer();
            var parsed = await ApnsChannelResponseParser.ReadAsync(
                response, operation, channelId, requestId, _timeProvider, start, timeout.Token).ConfigureAwait(false);
            var authorization = parsed.Reason == ApnsReason.ExpiredProviderToken &&
                request.Headers.NonValidated.TryGetValues("authorization", out var values)
                ? values.ToString()
                : null;
            return new Attempt(parsed, true, AttemptFate.Unknown, Math.Max(1, Writes(request)), connection, generation, authorization);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException or AuthenticationException)
        {
            var timedOut = ex is OperationCanceledException && timeout.IsCancellationRequested;
            var error = timedOut ? _timeoutMessage : ErrorText.Describe(ex);
            var (fate, sent) = AttemptFailure.Classify(request, ex, connection.RefusedStreamGoAways != refusedStreamGoAways);
            if (fate == AttemptFate.NotSent && ex is HttpRequestException)
            {
                connection.LastConnectError = error;
            }

            return Attempt.NoAnswer(Failed(requestId, channelId, error, start), fate, sent);
        }
        finally
        {
            request?.Dispose();
            generation.Exit();
            _pool.Release(connection);
        }
    }

    private static int Writes(HttpRequestMessage request) => (request.Content as ApnsPayloadContent)?.Writes ?? 0;

    private ApnsChannelResponse Failed(string requestId, string? channelId, string error, long start) => new()
    {
        Outcome = ApnsOutcome.Failed,
        ApnsRequestId = requestId,
        ChannelId = channelId,
        Error = error,
        Duration = _timeProvider.GetElapsedTime(start),
    };

    /// <summary>One attempt's result; <see cref="Fate"/> only means something when <see cref="Answered"/> is false.</summary>
    private readonly record struct Attempt(
        ApnsChannelResponse Response,
        bool Answered,
        AttemptFate Fate,
        int Sent,
        ApnsConnection? Connection,
        ApnsHandlerGeneration? Generation,
        string? Authorization)
    {
        public static Attempt NoAnswer(ApnsChannelResponse response, AttemptFate fate, int sent) =>
            new(response, false, fate, sent, null, null, null);
    }
}
