using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PushGrpc.Apns.Internal;

namespace PushGrpc.Apns.Auth;

/// <summary>
/// The one provider token of a client: signed once, shared by every connection and request, re-signed when older
/// than the refresh interval. APNs answers 429 TooManyProviderTokenUpdates when a connection sees a new token more
/// often than every 20 minutes, and 403 ExpiredProviderToken when <c>iat</c> is over an hour old (apns-reference §4.3).
/// </summary>
internal sealed class ApnsJwtProvider
{
    /// <summary>APNs's minimum time between token changes on a connection (429 TooManyProviderTokenUpdates otherwise).</summary>
    public static readonly TimeSpan MinimumTokenAge = TimeSpan.FromMinutes(20);

    private readonly ApnsTokenCredential _credential;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _refreshInterval;
    private readonly ILogger _logger;
    private readonly Lock _mintLock = new();
    private readonly string _app;

    // Immutable holder swapped atomically: readers on the hot path take no lock.
    private volatile Token? _current;

    public ApnsJwtProvider(ApnsTokenCredential credential, TimeProvider timeProvider, TimeSpan refreshInterval, ILogger logger, string app = "default")
    {
        _app = app;
        _logger = logger;
        _credential = credential;
        _timeProvider = timeProvider;
        _refreshInterval = refreshInterval;
    }

    internal TimeProvider TimeProvider => _timeProvider;

    internal TimeSpan RefreshInterval => _refreshInterval;

    /// <summary>The <c>authorization</c> header value, <c>bearer &lt;jwt&gt;</c>.</summary>
    public string GetAuthorizationValue()
    {
        var token = _current;
        return token is not null && _timeProvider.GetElapsedTime(token.MintedAt) < _refreshInterval
            ? token.AuthorizationValue
            : Refresh();
    }

    /// <summary>
    /// APNs answered 403 ExpiredProviderToken to a request that carried <paramref name="rejectedAuthorization"/>.
    /// Returns true when a newer token is there to retry with: minted now, or already minted by another caller.
    /// Returns false, and mints nothing, when the rejected token is the current one and is younger than
    /// <see cref="MinimumTokenAge"/>: re-signing would break APNs's 20-minute rule, and a fresh token that APNs calls
    /// expired points at a clock or credential problem that a new signature will not fix.
    /// </summary>
    public bool TryReplaceExpired(string rejectedAuthorization)
    {
        lock (_mintLock)
        {
            var token = _current;
            if (token is not null && !string.Equals(token.AuthorizationValue, rejectedAuthorization, StringComparison.Ordinal))
            {
                return true;
            }

            if (token is not null && _timeProvider.GetElapsedTime(token.MintedAt) < MinimumTokenAge)
            {
                return false;
            }

            Mint();
            return true;
        }
    }

    private string Refresh()
    {
        lock (_mintLock)
        {
            // Another thread may have minted while this one waited for the lock.
            var token = _current;
            if (token is not null && _timeProvider.GetElapsedTime(token.MintedAt) < _refreshInterval)
            {
                return token.AuthorizationValue;
            }

            return Mint();
        }
    }

    // Caller holds _mintLock.
    private string Mint()
    {
        var mintedAt = _timeProvider.GetTimestamp();
        var jwt = CreateJwt(_credential, _timeProvider.GetUtcNow().ToUnixTimeSeconds());
        var token = new Token("bearer " + jwt, mintedAt);
        _current = token;
        ApnsInstruments.RecordTokenMinted(_app);
        Log.ProviderTokenMinted(_logger, _credential.TeamId, _credential.KeyId);
        return token.AuthorizationValue;
    }

    /// <summary>Builds and signs <c>{"alg":"ES256","kid":…}.{"iss":…,"iat":…}</c> with a raw R||S (IEEE P1363) signature.</summary>
    internal static string CreateJwt(ApnsTokenCredential credential, long issuedAtUnixSeconds)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "ES256");
            writer.WriteString("kid", credential.KeyId);
            writer.WriteEndObject();
        }

        var header = Base64Url.EncodeToString(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("iss", credential.TeamId);
            writer.WriteNumber("iat", issuedAtUnixSeconds);
            writer.WriteEndObject();
        }

        var signingInput = header + "." + Base64Url.EncodeToString(buffer.WrittenSpan);
        var data = System.Text.Encoding.ASCII.GetBytes(signingInput);
        byte[] signature;
        lock (credential.SigningLock)
        {
            signature = credential.SigningKey.SignData(
                data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private sealed record Token(string AuthorizationValue, long MintedAt);
}
