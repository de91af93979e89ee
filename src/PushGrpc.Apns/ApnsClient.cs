using System.Globalization;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PushGrpc.Apns.Auth;
using PushGrpc.Apns.Internal;

namespace PushGrpc.Apns;

/// <summary>
/// The APNs HTTP/2 provider client for one credential and environment: a pool of HTTP/2 connections, one shared
/// provider token (token auth) or a TLS client certificate (certificate auth). Thread-safe; create one per
/// (credential, environment) and keep it for the life of the process.
/// </summary>
public sealed class ApnsClient : IApnsClient
{
    private static readonly Uri SandboxHost = new("https://api.sandbox.push.apple.com");
    private static readonly Uri ProductionHost = new("https://api.push.apple.com");

    // apns-expiration values beyond year 9999 are not a bound anyone meant.
    private const long MaxUnixSeconds = 253402300799;

    private readonly ApnsConnectionPool _pool;
    private readonly ApnsRequestFactory _requests;
    private readonly ApnsJwtProvider? _jwt;
    private readonly CredentialGate _credentialGate;
    private readonly AttemptSender _attempts;
    private readonly TimeProvider _timeProvider;
    private readonly RetryPolicy _retry;
    private readonly ILogger _logger;
    private readonly int _tokenLogCharacters;
    private int _disposed;

    /// <summary>Creates the client; connections open on first use.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ApnsClient(ApnsClientOptions options, ILogger<ApnsClient>? logger = null)
    {
        ApnsClientOptions.ThrowIfInvalid(options);

        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Name = options.MetricsName;
        _tokenLogCharacters = options.DeviceTokenLogCharacters;
        _timeProvider = options.TimeProvider;
        _retry = new RetryPolicy(options);
        BaseAddress = ResolveBaseAddress(options);
        _jwt = options.SharedJwtProvider(_logger);
        _requests = new ApnsRequestFactory(BaseAddress, _jwt);
        _credentialGate = new CredentialGate(options.TimeProvider, options.CredentialErrorCooldown, _logger, Name);
        _pool = new ApnsConnectionPool(options, _logger, (reason, text) => _credentialGate.Trip(reason, text, 0));
        _attempts = new AttemptSender(_pool, options, "the client was disposed");
        ApnsInstruments.Register(this);
    }

    /// <summary>A snapshot per pooled connection.</summary>
    public IReadOnlyList<ApnsConnectionInfo> Connections => _pool.Snapshot();

    /// <summary>
    /// Set while APNs rejects this client's credential: sends then fail at once with its reason and make no request,
    /// until a probe after the cool-down gets an answer that is not a credential error. Null when all is well.
    /// </summary>
    public ApnsCredentialProblem? CredentialProblem => _credentialGate.Problem;

    /// <summary>The <c>app</c> tag of this client's metrics (<see cref="ApnsClientOptions.Name"/>).</summary>
    internal string Name { get; }

    internal TimeProvider TimeProvider => _timeProvider;

    /// <summary>Where requests go: scheme, host and port only.</summary>
    internal Uri BaseAddress { get; }

    internal ApnsConnectionPool Pool => _pool;

    /// <summary>
    /// Sends <paramref name="notification"/> to one device token and returns APNs's verdict, or Failed for what got
    /// none. Outcomes without a verdict (transport errors, timeouts, 500, 503, 429, refused streams) are retried
    /// with backoff up to <see cref="ApnsClientOptions.MaxAttempts"/> and never past the notification's
    /// apns-expiration, with the same apns-id; a request that may have reached APNs is only resent when the
    /// notification is not <see cref="ApnsNotification.AtMostOnce"/>, and the result is then marked
    /// <see cref="ApnsResponse.PossiblyDuplicated"/>. A token that is not hexadecimal is not sent: it is Rejected as
    /// BadDeviceToken with HttpStatus 0. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> is cancelled (a request already written may then have been delivered).
    /// </summary>
    public Task<ApnsResponse> SendAsync(ApnsNotification notification, string deviceToken, CancellationToken cancellationToken = default) =>
        SendCoreAsync(notification, deviceToken, broadcast: false, cancellationToken);

    /// <summary>
    /// Sends a Live Activity broadcast to <paramref name="channelId"/> (apns-reference §7.2) over the same pool, with
    /// the same retries, credential gate and metrics as <see cref="SendAsync"/>; the notification's ApnsId (or a
    /// fresh UUID) is sent as apns-request-id and the same value is kept across resends. A channel id that is empty or
    /// not visible ASCII, or a payload over 5120 bytes, is not sent: it is Rejected (MissingChannelId, BadChannelId,
    /// PayloadTooLarge) with HttpStatus 0.
    /// </summary>
    /// <exception cref="ArgumentException">The notification is not a valid broadcast (see <see cref="IApnsClient.SendToChannelAsync"/>).</exception>
    public Task<ApnsResponse> SendToChannelAsync(ApnsNotification notification, string channelId, CancellationToken cancellationToken = default) =>
        SendCoreAsync(notification, channelId, broadcast: true, cancellationToken);

    // For a broadcast (broadcast: true) deviceToken is the channel id, and apnsId below is sent as apns-request-id.
    // Not async itself: every send but the credential probe returns SendWithRetriesAsync's task as it is, one async
    // state machine fewer held by every notification while it waits for a stream.
    private Task<ApnsResponse> SendCoreAsync(ApnsNotification notification, string deviceToken, bool broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(deviceToken, broadcast ? "channelId" : nameof(deviceToken));
        if (broadcast)
        {
            BroadcastRules.ThrowIfNotBroadcast(notification, nameof(notification));
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<ApnsResponse>(cancellationToken);
        }

        var apnsId = ApnsRequestFactory.ApnsIdFor(notification);
        if (broadcast)
        {
            if (BroadcastNotSent(notification, deviceToken, apnsId) is { } notSent)
            {
                return Task.FromResult(notSent);
            }
        }
        else if (!ApnsRequestFactory.IsValidDeviceToken(deviceToken))
        {
            return Task.FromResult(new ApnsResponse
            {
                Outcome = ApnsOutcome.Rejected,
                ApnsId = apnsId,
                Reason = ApnsReason.BadDeviceToken,
                Error = "device token is not a hexadecimal string; not sent",
                Attempts = 0,
            });
        }

        if (_credentialGate.Enter(out var isProbe) is { } problem)
        {
            return Task.FromResult(CredentialBlocked(apnsId, broadcast, problem));
        }

        return isProbe
            ? SendProbeAsync(notification, deviceToken, apnsId, broadcast, cancellationToken)
            : SendWithRetriesAsync(notification, deviceToken, apnsId, isProbe: false, broadcast, cancellationToken);
    }

    /// <summary>The one send let through after a credential cool-down: its outcome settles the credential gate.</summary>
    private async Task<ApnsResponse> SendProbeAsync(
        ApnsNotification notification, string deviceToken, string apnsId, bool broadcast, CancellationToken cancellationToken)
    {
        var probeSettled = false;
        try
        {
            var response = await SendWithRetriesAsync(notification, deviceToken, apnsId, isProbe: true, broadcast, cancellationToken).ConfigureAwait(false);
            if (response.HttpStatus != 0 && !response.Reason.IsCredentialError())
            {
                _credentialGate.ProbeAnswered();
            }
            else if (!response.Reason.IsCredentialError())
            {
                _credentialGate.ProbeUnanswered();
            }

            probeSettled = true;
            return response;
        }
        finally
        {
            if (!probeSettled)
            {
                _credentialGate.ProbeUnanswered();
            }
        }
    }

    /// <summary>Closes every connection; requests still in flight end as Failed.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ApnsInstruments.Unregister(this);
            _pool.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    internal static Uri ResolveBaseAddress(ApnsClientOptions options)
    {
        if (options.BaseAddress is { } custom)
        {
            return new Uri(custom.GetLeftPart(UriPartial.Authority));
        }

        var host = options.Environment == ApnsEnvironment.Production ? ProductionHost : SandboxHost;
        return options.UseAlternatePort ? new UriBuilder(host) { Port = 2197 }.Uri : host;
    }

    // For a broadcast (broadcast: true) deviceToken is the channel id and apnsId the apns-request-id.
    private async Task<ApnsResponse> SendWithRetriesAsync(
        ApnsNotification notification, string deviceToken, string apnsId, bool isProbe, bool broadcast, CancellationToken cancellationToken)
    {
        var writes = 0;
        var resentAfterUnknownFate = false;
        var tokenReplaced = false;
        var attempt = 0;
        while (true)
        {
            attempt++;
            var result = await _attempts.SendAsync<PushExchange, ApnsResponse>(
                new PushExchange(_requests, notification, deviceToken, apnsId, broadcast), cancellationToken).ConfigureAwait(false);
            ApnsInstruments.RecordRequest(Name, result.Response);
            writes += result.Sent;
            var response = result.Response;
            var unknownFate = false;

            if (result.Answered)
            {
                if (response.Outcome == ApnsOutcome.Accepted || (response.Outcome == ApnsOutcome.Rejected && !response.Reason.IsCredentialError()))
                {
                    return Final(response, writes, resentAfterUnknownFate, result.ConnectionIndex, deviceToken);
                }

                // Not counted against MaxAttempts: this resend answers a different question (is the new token good?).
                if (!tokenReplaced && result.TryReplaceExpiredToken(_jwt))
                {
                    tokenReplaced = true;
                    ApnsInstruments.RecordRetry(Name, "expired_provider_token");
                    attempt--;
                    continue;
                }

                if (response.Reason.IsCredentialError())
                {
                    _credentialGate.Trip(response.Reason, response.ReasonText, response.HttpStatus);
                    return Final(response, writes, resentAfterUnknownFate, result.ConnectionIndex, deviceToken);
                }

                // 429 TooManyRequests, 500, 503 and other 5xx: APNs did not take it; resending cannot duplicate.
            }
            else if (result.Fate == AttemptFate.Unknown)
            {
                if (notification.AtMostOnce)
                {
                    return Final(
                        response with { Error = response.Error + "; the request was sent and may have been delivered: not resent (AtMostOnce)" },
                        writes, resentAfterUnknownFate, result.ConnectionIndex, deviceToken);
                }

                if (notification.Expiration == 0)
                {
                    return Final(
                        response with { Error = response.Error + "; the request was sent and may have been delivered: not resent (apns-expiration 0 allows one delivery attempt)" },
                        writes, resentAfterUnknownFate, result.ConnectionIndex, deviceToken);
                }

                unknownFate = true;
            }

            if (!_retry.TryGetDelay(attempt, response.RetryAfter, out var delay) || Volatile.Read(ref _disposed) != 0)
            {
                return Final(response, writes, resentAfterUnknownFate, result.ConnectionIndex, deviceToken);
            }

            var now = _timeProvider.GetUtcNow();
            if (notification.Expiration is > 0 and <= MaxUnixSeconds and var expiration &&
                now + delay >= DateTimeOffset.FromUnixTimeSeconds(expiration))
            {
                return Final(
                    response with { Error = AppendNote(response.Error, "not resent: apns-expiration would have passed") },
                    writes, resentAfterUnknownFate, result.ConnectionIndex, deviceToken);
            }

            // Another send found the credential rejected meanwhile: resending would only add to the rejections.
            if (!isProbe && _credentialGate.Problem is { } problem && now < problem.NextProbeAt)
            {
                return Final(response, writes, resentAfterUnknownFate, result.ConnectionIndex, deviceToken);
            }

            var what = result.Describe(response.HttpStatus, response.ReasonText, response.Error);
            ApnsInstruments.RecordRetry(Name, result.RetryCause(response.HttpStatus));
            Log.Retrying(_logger, apnsId, new ShortDeviceToken(deviceToken, _tokenLogCharacters), attempt, what, (long)delay.TotalMilliseconds);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            resentAfterUnknownFate |= unknownFate;
        }
    }

    /// <summary>A broadcast that is not sent: Rejected without a request, as a non-hex device token is.</summary>
    private static ApnsResponse? BroadcastNotSent(ApnsNotification notification, string channelId, string requestId)
    {
        var (reason, error) =
            BroadcastRules.ChannelIdProblem(channelId) is { } problem ? problem
            : notification.Payload.Length > BroadcastRules.MaxPayloadBytes ? (ApnsReason.PayloadTooLarge,
                $"payload is {notification.Payload.Length} bytes, over the broadcast limit of {BroadcastRules.MaxPayloadBytes}; not sent")
            : (ApnsReason.None, null);
        return error is null ? null : new ApnsResponse
        {
            Outcome = ApnsOutcome.Rejected,
            ApnsId = requestId,
            ApnsRequestId = requestId,
            Reason = reason,
            Error = error,
            Attempts = 0,
        };
    }

    private static string AppendNote(string? error, string note) => string.IsNullOrEmpty(error) ? note : error + "; " + note;

    private ApnsResponse Final(ApnsResponse response, int writes, bool possiblyDuplicated, int connectionIndex, string deviceToken)
    {
        if (response.HttpStatus == 0 && response.Error is { } error)
        {
            Log.RequestFailed(_logger, connectionIndex, new ShortDeviceToken(deviceToken, _tokenLogCharacters), error);
        }

        // Most answers already hold these values (one write, nothing resent): skip the copy on the hot path.
        return response.Attempts == writes && response.PossiblyDuplicated == possiblyDuplicated
            ? response
            : response with { Attempts = writes, PossiblyDuplicated = possiblyDuplicated };
    }

    private static ApnsResponse CredentialBlocked(string apnsId, bool broadcast, ApnsCredentialProblem problem) => new()
    {
        Outcome = ApnsOutcome.Failed,
        ApnsId = apnsId,
        ApnsRequestId = broadcast ? apnsId : null,
        HttpStatus = 0,
        Reason = problem.Reason,
        ReasonText = problem.ReasonText,
        Error = string.Create(
            CultureInfo.InvariantCulture,
            $"not sent: APNs rejected this client's credential ({problem.ReasonText ?? problem.Reason.ToString()}); sends fail without a request until {problem.NextProbeAt:O}"),
        Attempts = 0,
    };

    /// <summary>A push (to a device token) or a broadcast (to a channel id) for <see cref="AttemptSender"/>.</summary>
    private readonly struct PushExchange(
        ApnsRequestFactory requests, ApnsNotification notification, string deviceToken, string apnsId, bool broadcast)
        : IApnsExchange<ApnsResponse>
    {
        public HttpRequestMessage CreateRequest() => broadcast
            ? requests.CreateBroadcast(notification, deviceToken, apnsId)
            : requests.Create(notification, deviceToken, apnsId);

        public ValueTask<ApnsResponse> ReadAsync(
            HttpResponseMessage response, TimeProvider timeProvider, long startTimestamp, CancellationToken cancellationToken) =>
            ApnsResponseParser.ReadAsync(response, apnsId, broadcast ? apnsId : null, timeProvider, startTimestamp, cancellationToken);

        public ApnsResponse NoAnswer(string error, TimeSpan duration) => new()
        {
            Outcome = ApnsOutcome.Failed,
            ApnsId = apnsId,
            ApnsRequestId = broadcast ? apnsId : null,
            Error = error,
            Duration = duration,
        };

        public bool IsExpiredProviderToken(ApnsResponse response) => response.Reason == ApnsReason.ExpiredProviderToken;
    }
}
