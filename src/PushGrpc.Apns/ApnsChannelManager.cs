using System.Net.Http;
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
    private readonly AttemptSender _attempts;
    private readonly RetryPolicy _retry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _name;
    private int _disposed;

    /// <summary>Creates the manager; its connection opens on first use.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ApnsChannelManager(ApnsClientOptions options, ILogger<ApnsChannelManager>? logger = null)
    {
        ApnsClientOptions.ThrowIfInvalid(options);

        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _name = options.MetricsName;
        _retry = new RetryPolicy(options);
        _timeProvider = options.TimeProvider;
        BaseAddress = ResolveManagementAddress(options);
        _jwt = options.SharedJwtProvider(_logger);
        _requests = new ApnsChannelRequestFactory(BaseAddress, _jwt);
        _pool = new ApnsConnectionPool(options, _logger, credentialGoAway: null, poolSize: 1);
        _attempts = new AttemptSender(_pool, options, "the channel manager was disposed");
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
        var requestId = RandomUuid.Next().ToString("D");
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
        var exchange = new ChannelExchange(_requests, operation, bundleId, channelId, storagePolicy, requestId);
        var sent = 0;
        var tokenReplaced = false;
        var attempt = 0;
        while (true)
        {
            attempt++;
            var result = await _attempts.SendAsync<ChannelExchange, ApnsChannelResponse>(exchange, cancellationToken).ConfigureAwait(false);
            ApnsInstruments.RecordChannelRequest(_name, operation, result.Response);
            sent += result.Sent;
            var response = result.Response;
            if (result.Answered)
            {
                if (response.Outcome != ApnsOutcome.Failed)
                {
                    return response with { Attempts = sent };
                }

                // As for pushes, this one resend is not counted against MaxAttempts. APNs answered, so even a create
                // was not acted on.
                if (!tokenReplaced && result.TryReplaceExpiredToken(_jwt))
                {
                    tokenReplaced = true;
                    ApnsInstruments.RecordChannelRetry(_name, operation, "expired_provider_token");
                    attempt--;
                    continue;
                }

                // No credential gate here (management calls are rare): a credential error is returned, not resent.
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
            }

            var what = result.Describe(response.HttpStatus, response.ReasonText, response.Error);
            if (!result.Answered && !operation.IsIdempotent() && result.Fate == AttemptFate.Unknown)
            {
                // A create that may have reached APNs is never resent: it may have made a channel, and a second
                // create would make another one (channel ids are random, APNs has no idempotency key). The caller
                // can list the channels to find out.
                Log.ChannelCreateNotResent(_logger, bundleId, requestId, what);
                return response with
                {
                    Attempts = sent,
                    Error = response.Error + "; the create may have reached APNs: not resent (it is not idempotent; list the channels to see whether it was made)",
                };
            }

            if (!_retry.TryGetDelay(attempt, response.RetryAfter, out var delay) || Volatile.Read(ref _disposed) != 0)
            {
                if (!result.Answered)
                {
                    Log.ChannelRequestFailed(_logger, operationName, bundleId, requestId, what);
                }

                return response with { Attempts = sent };
            }

            ApnsInstruments.RecordChannelRetry(_name, operation, result.RetryCause(response.HttpStatus));
            Log.ChannelRetrying(_logger, operationName, bundleId, requestId, attempt, what, (long)delay.TotalMilliseconds);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One channel-management call for <see cref="AttemptSender"/>.</summary>
    private readonly struct ChannelExchange(
        ApnsChannelRequestFactory requests, ChannelOperation operation, string bundleId, string? channelId,
        ApnsMessageStoragePolicy storagePolicy, string requestId) : IApnsExchange<ApnsChannelResponse>
    {
        public HttpRequestMessage CreateRequest() => requests.Create(operation, bundleId, channelId, storagePolicy, requestId);

        public ValueTask<ApnsChannelResponse> ReadAsync(
            HttpResponseMessage response, TimeProvider timeProvider, long startTimestamp, CancellationToken cancellationToken) =>
            ApnsChannelResponseParser.ReadAsync(response, operation, channelId, requestId, timeProvider, startTimestamp, cancellationToken);

        public ApnsChannelResponse NoAnswer(string error, TimeSpan duration) => new()
        {
            Outcome = ApnsOutcome.Failed,
            ApnsRequestId = requestId,
            ChannelId = channelId,
            Error = error,
            Duration = duration,
        };

        public bool IsExpiredProviderToken(ApnsChannelResponse response) => response.Reason == ApnsReason.ExpiredProviderToken;
    }
}
