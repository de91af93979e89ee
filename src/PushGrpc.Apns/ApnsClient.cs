using System.Globalization;
using System.Net.Http;
using System.Security.Authentication;
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

    private readonly ApnsConnectionPool _pool;
    private readonly ApnsRequestFactory _requests;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _requestTimeout;
    private readonly string _timeoutMessage;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>Creates the client; connections open on first use.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ApnsClient(ApnsClientOptions options, ILogger<ApnsClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid APNs client options: " + string.Join(" ", errors), nameof(options));
        }

        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = options.TimeProvider;
        _requestTimeout = options.RequestTimeout;
        _timeoutMessage = "timed out after " + options.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        BaseAddress = ResolveBaseAddress(options);
        var jwt = options.Credential is ApnsTokenCredential token
            ? new ApnsJwtProvider(token, options.TimeProvider, options.TokenRefreshInterval, _logger)
            : null;
        _requests = new ApnsRequestFactory(BaseAddress, jwt);
        _pool = new ApnsConnectionPool(options, _logger);
    }

    /// <summary>A snapshot per pooled connection.</summary>
    public IReadOnlyList<ApnsConnectionInfo> Connections => _pool.Snapshot();

    /// <summary>Where requests go: scheme, host and port only.</summary>
    internal Uri BaseAddress { get; }

    internal ApnsConnectionPool Pool => _pool;

    /// <summary>
    /// Sends <paramref name="notification"/> to one device token and returns APNs's verdict, or Failed (HttpStatus 0)
    /// for a transport error or a timeout: never waits longer than the request timeout. A token that is not
    /// hexadecimal is not sent: it is Rejected as BadDeviceToken with HttpStatus 0. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<ApnsResponse> SendAsync(ApnsNotification notification, string deviceToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(deviceToken);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();

        var apnsId = ApnsRequestFactory.ApnsIdFor(notification);
        if (!ApnsRequestFactory.IsValidDeviceToken(deviceToken))
        {
            return new ApnsResponse
            {
                Outcome = ApnsOutcome.Rejected,
                ApnsId = apnsId,
                Reason = ApnsReason.BadDeviceToken,
                Error = "device token is not a hexadecimal string; not sent",
            };
        }

        var start = _timeProvider.GetTimestamp();

        // One timer covers waiting for a stream, connecting and the answer; the caller's token cancels it too.
        using var timeout = new CancellationTokenSource(_requestTimeout, _timeProvider);
        using var link = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout)
            : default;

        ApnsConnection connection;
        try
        {
            connection = await _pool.AcquireAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(apnsId, _timeoutMessage + " waiting for a free stream", start, -1, deviceToken);
        }

        try
        {
            using var request = _requests.Create(notification, deviceToken, apnsId);
            using var response = await connection.Invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return await ApnsResponseParser.ReadAsync(response, apnsId, _timeProvider, start, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return Failed(apnsId, _timeoutMessage, start, connection.Index, deviceToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException or AuthenticationException)
        {
            return Failed(apnsId, ErrorText.Describe(ex), start, connection.Index, deviceToken);
        }
        finally
        {
            _pool.Release(connection);
        }
    }

    /// <summary>Closes every connection; requests still in flight end as Failed.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
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

    private ApnsResponse Failed(string apnsId, string error, long start, int connectionIndex, string deviceToken)
    {
        Log.RequestFailed(_logger, connectionIndex, new ShortDeviceToken(deviceToken), error);
        return new ApnsResponse
        {
            Outcome = ApnsOutcome.Failed,
            ApnsId = apnsId,
            HttpStatus = 0,
            Reason = ApnsReason.None,
            Error = error,
            Duration = _timeProvider.GetElapsedTime(start),
        };
    }
}
