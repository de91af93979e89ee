using System.Text.RegularExpressions;
using PushGrpc.Server.Security;

namespace PushGrpc.Server.Options;

/// <summary>The "PushGrpc:Auth" and rate-limit part of <see cref="PushGrpcOptionsValidator"/>.</summary>
internal static partial class AuthOptionsValidator
{
    public const string AllApps = "*";

    public static void Validate(PushGrpcOptions options, bool isDevelopment, List<string> errors)
    {
        var auth = options.Auth;
        const string path = $"{PushGrpcOptions.SectionName}:Auth";
        if (!auth.IsEnabled && !auth.AllowUnauthenticated && !isDevelopment)
        {
            errors.Add($"No caller authentication is configured ({path}:ApiKeys or {path}:ClientCertificates), so any caller could send for every app. " +
                $"Configure API keys (`hash-key` prints a key's hash), or set {path}:AllowUnauthenticated=true to run without.");
        }

        foreach (var (name, key) in auth.ApiKeys)
        {
            var keyPath = $"{path}:ApiKeys:{name}";
            if (!ApiKeyHash.TryParse(key.Hash, out _))
            {
                errors.Add($"{keyPath}:Hash must be \"sha256:<salt>:<hash>\" as printed by `PushGrpc.Server hash-key <key>` (the key itself never goes in configuration).");
            }

            ValidateScope(keyPath, key.Apps, options, errors);
            ValidateRateLimit($"{keyPath}:RateLimit", key.RateLimit, errors);
        }

        if (auth.ClientCertificates.Count > 0)
        {
            if (string.IsNullOrEmpty(auth.ClientCertificateCaFile))
            {
                errors.Add($"{path}:ClientCertificateCaFile is required with {path}:ClientCertificates (the PEM CA that issues caller certificates).");
            }
        }

        if (auth.ClientCertificateCaFile is { Length: > 0 } caFile && !File.Exists(caFile))
        {
            errors.Add($"{path}:ClientCertificateCaFile \"{caFile}\" does not exist.");
        }

        foreach (var (name, certificate) in auth.ClientCertificates)
        {
            var certificatePath = $"{path}:ClientCertificates:{name}";
            var hasThumbprint = !string.IsNullOrEmpty(certificate.Thumbprint);
            if (hasThumbprint == !string.IsNullOrEmpty(certificate.CommonName))
            {
                errors.Add($"{certificatePath} needs exactly one of Thumbprint (SHA-256 fingerprint) or CommonName.");
            }
            else if (hasThumbprint && !Sha256Hex().IsMatch(NormalizeThumbprint(certificate.Thumbprint!)))
            {
                errors.Add($"{certificatePath}:Thumbprint must be a SHA-256 fingerprint: 64 hex digits, colons allowed.");
            }

            ValidateScope(certificatePath, certificate.Apps, options, errors);
            ValidateRateLimit($"{certificatePath}:RateLimit", certificate.RateLimit, errors);
        }

        foreach (var (name, app) in options.Apps)
        {
            ValidateRateLimit($"{PushGrpcOptions.SectionName}:Apps:{name}:RateLimit", app.RateLimit, errors);
        }
    }

    public static string NormalizeThumbprint(string thumbprint) =>
        thumbprint.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static void ValidateScope(string path, List<string> apps, PushGrpcOptions options, List<string> errors)
    {
        if (apps.Count == 0)
        {
            errors.Add($"{path}:Apps must name at least one app (or \"{AllApps}\" for every app).");
        }

        // The embedded simulator's app is added to configuration too, so it is in options.Apps when it runs.
        foreach (var app in apps.Where(a => a != AllApps && !options.Apps.ContainsKey(a)))
        {
            errors.Add($"{path}:Apps names \"{app}\", which is not a configured app.");
        }
    }

    private static void ValidateRateLimit(string path, RateLimitOptions limit, List<string> errors)
    {
        if (limit.PerSecond is < 0 or > 1_000_000)
        {
            errors.Add($"{path}:PerSecond must be between 0 (no limit) and 1000000 (was {limit.PerSecond}).");
        }

        if (limit.Burst is { } burst && (burst < 1 || burst > 1_000_000))
        {
            errors.Add($"{path}:Burst must be between 1 and 1000000 (was {burst}).");
        }

        if (limit.Burst is not null && limit.PerSecond == 0)
        {
            errors.Add($"{path}:Burst needs PerSecond.");
        }
    }

    [GeneratedRegex("^[0-9A-F]{64}$")]
    private static partial Regex Sha256Hex();
}
