using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using PushGrpc.Apns.Auth;

namespace PushGrpc.Apns;

/// <summary>
/// Token-based authentication: the team ID, key ID and P-256 signing key of an APNs auth key (.p8). The client signs
/// one JWT with it, reuses it for every request and re-signs it on a schedule (apns-reference §4).
/// </summary>
public sealed class ApnsTokenCredential : ApnsCredential
{
    /// <summary>Creates a credential from an already loaded key. The credential does not take ownership of the key.</summary>
    public ApnsTokenCredential(string teamId, string keyId, ECDsa signingKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(teamId);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        ArgumentNullException.ThrowIfNull(signingKey);
        if (signingKey.KeySize != 256)
        {
            throw new ArgumentException("The signing key must be an EC P-256 key (ES256).", nameof(signingKey));
        }

        TeamId = teamId;
        KeyId = keyId;
        SigningKey = signingKey;
    }

    /// <summary>The 10-character Team ID, sent as the JWT's <c>iss</c> claim.</summary>
    public string TeamId { get; }

    /// <summary>The 10-character Key ID, sent as the JWT header's <c>kid</c>.</summary>
    public string KeyId { get; }

    internal ECDsa SigningKey { get; }

    // ECDsa instances are not documented as thread-safe; clients sharing this credential sign under this lock.
    internal Lock SigningLock { get; } = new();

    // Every client and channel manager built on this credential (with the same clock and refresh interval) shares
    // one provider token: APNs wants a token reused for its lifetime, not one per component (apns-reference §4.3).
    private readonly Lock _providersLock = new();
    private readonly List<ApnsJwtProvider> _providers = [];

    /// <summary>
    /// The provider token cache for <paramref name="timeProvider"/> and <paramref name="refreshInterval"/>, created
    /// on first use; the first user's logger and name are the ones its "token minted" logs and metrics carry.
    /// </summary>
    internal ApnsJwtProvider SharedJwtProvider(TimeProvider timeProvider, TimeSpan refreshInterval, ILogger logger, string app)
    {
        lock (_providersLock)
        {
            foreach (var provider in _providers)
            {
                if (ReferenceEquals(provider.TimeProvider, timeProvider) && provider.RefreshInterval == refreshInterval)
                {
                    return provider;
                }
            }

            var created = new ApnsJwtProvider(this, timeProvider, refreshInterval, logger, app);
            _providers.Add(created);
            return created;
        }
    }

    /// <summary>Loads the PKCS#8 PEM text of a .p8 auth key.</summary>
    public static ApnsTokenCredential FromP8(string teamId, string keyId, string p8Pem)
    {
        ArgumentException.ThrowIfNullOrEmpty(p8Pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(p8Pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();

            // The original message is safe, but the PEM text itself must never end up in an exception.
            throw new ArgumentException("The .p8 text is not a PEM-encoded EC private key: " + ex.Message, nameof(p8Pem), ex);
        }

        try
        {
            return new ApnsTokenCredential(teamId, keyId, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Loads a .p8 auth key file.</summary>
    public static ApnsTokenCredential FromP8File(string teamId, string keyId, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromP8(teamId, keyId, File.ReadAllText(path));
    }

    public override string ToString() => $"ApnsTokenCredential(TeamId={TeamId}, KeyId={KeyId})";
}
