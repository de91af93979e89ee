using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// Who sent a request: the connection's client certificate, or else the provider token in authorization
/// (apns-reference §4, §5). Shared by device pushes, broadcasts and channel management.
/// </summary>
internal sealed class ProviderAuthentication(ProviderTokenVerifier verifier, ApnsEnvironment environment, TimeProvider time)
{
    private const long ProviderTokenLifetimeSeconds = 3600;

    /// <summary>Fills <see cref="RequestFacts.AuthMode"/> and the certificate or signing key; a 403 when they do not hold.</summary>
    public Verdict Check(HttpContext context, ConnectionState connection, RequestFacts facts)
    {
        // A connection that presented a certificate is certificate-authenticated: authorization is ignored (§5).
        if (context.Connection.ClientCertificate is { } certificate)
        {
            facts.AuthMode = "certificate";
            facts.Certificate = connection.Certificate ??= CertificateIdentity.From(certificate);
            return facts.Certificate.Allows(environment)
                ? Verdict.Accepted
                : Verdict.Reject(403, nameof(ApnsReason.BadCertificateEnvironment));
        }

        var authorization = context.Request.Headers.Authorization;
        if (StringValues.IsNullOrEmpty(authorization) || string.IsNullOrEmpty(authorization[0]))
        {
            return Verdict.Reject(403, nameof(ApnsReason.MissingProviderToken));
        }

        facts.AuthMode = "token";
        var check = verifier.Check(authorization[0]!);
        if (check.FailureReason is { } failure)
        {
            return Verdict.Reject(403, failure);
        }

        if (time.GetUtcNow().ToUnixTimeSeconds() - check.IssuedAt > ProviderTokenLifetimeSeconds)
        {
            return Verdict.Reject(403, nameof(ApnsReason.ExpiredProviderToken));
        }

        facts.SigningKey = check.Key;
        return Verdict.Accepted;
    }

    /// <summary>
    /// After <see cref="Check"/> passed: whether the credentials cover the app in a broadcast or management path (the
    /// certificate lists the bundle id as a topic, or the key is team-wide or lists it). Else 403 TopicMismatch (§7.3).
    /// </summary>
    public static Verdict CheckBundleId(RequestFacts facts, string bundleId)
    {
        var allowed = facts.Certificate is { } certificate
            ? certificate.Topics.Contains(bundleId)
            : facts.SigningKey!.AllowsBundleId(bundleId);
        return allowed ? Verdict.Accepted : Verdict.Reject(403, nameof(ApnsReason.TopicMismatch));
    }
}
