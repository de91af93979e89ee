using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PushGrpc.Server.Options;

namespace PushGrpc.Server.Security;

/// <summary>
/// The configured callers (API keys and client certificates), replaced as a whole when the configuration is
/// reloaded. Presented keys are checked against every key's salted hash in constant time and never logged.
/// </summary>
internal sealed partial class CallerRegistry
{
    private readonly RateLimits _rateLimits = new();
    private readonly ILogger<CallerRegistry> _logger;
    private Snapshot _current;

    public CallerRegistry(IOptions<PushGrpcOptions> options, ILogger<CallerRegistry> logger)
    {
        _logger = logger;
        _current = Build(options.Value.Auth);
    }

    /// <summary>Whether callers must authenticate (some API key or client certificate is configured).</summary>
    public bool IsEnabled => Volatile.Read(ref _current).IsEnabled;

    public int ApiKeyCount => Volatile.Read(ref _current).ApiKeys.Length;

    public int ClientCertificateCount => Volatile.Read(ref _current).Certificates.Count;

    /// <summary>Takes a validated configuration into use.</summary>
    public void Apply(PushGrpcOptions options) => Volatile.Write(ref _current, Build(options.Auth));

    /// <summary>
    /// The caller of <paramref name="context"/>: by API key (<c>authorization: Bearer</c> or <c>x-api-key</c>) when one
    /// is sent, else by client certificate. Throws UNAUTHENTICATED when authentication is on and neither identifies a
    /// configured caller.
    /// </summary>
    public Caller Authenticate(ServerCallContext context)
    {
        var snapshot = Volatile.Read(ref _current);
        if (!snapshot.IsEnabled)
        {
            return Caller.Anonymous;
        }

        var presentedKey = PresentedKey(context.RequestHeaders);
        if (presentedKey is not null)
        {
            // Every hash is computed, match or not, so the time taken says nothing about which key came close.
            Caller? match = null;
            foreach (var (hash, caller) in snapshot.ApiKeys)
            {
                if (hash.Matches(presentedKey) && match is null)
                {
                    match = caller;
                }
            }

            if (match is not null)
            {
                return match;
            }

            LogUnknownKey(context.Peer);
            throw Unauthenticated("the API key is not valid");
        }

        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        if (certificate is not null)
        {
            var thumbprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
            if (snapshot.Certificates.TryGetValue("sha256:" + thumbprint, out var byThumbprint))
            {
                return byThumbprint;
            }

            var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            if (snapshot.Certificates.TryGetValue("cn:" + commonName, out var byName))
            {
                return byName;
            }

            LogUnknownCertificate(context.Peer, certificate.Subject, thumbprint);
            throw Unauthenticated("the client certificate is not mapped to a caller");
        }

        LogNoCredentials(context.Peer);
        throw Unauthenticated("credentials required: send metadata \"authorization: Bearer <API key>\" (or \"x-api-key: <API key>\"), or a client certificate");
    }

    /// <summary>Says at start-up how callers are authenticated; loudly when they are not.</summary>
    public void LogMode(IHostEnvironment environment, IConfiguration configuration)
    {
        var urls = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"]).OfType<string>().ToList();
        var snapshot = Volatile.Read(ref _current);
        if (snapshot.IsEnabled)
        {
            LogAuthenticationOn(snapshot.ApiKeys.Length, snapshot.Certificates.Count);
            foreach (var url in urls.Where(IsPlaintextBeyondLoopback))
            {
                LogKeysInClearText(url);
            }
        }
        else if (environment.IsDevelopment())
        {
            LogAuthenticationOffInDevelopment();
        }
        else
        {
            LogAuthenticationOff(string.Join(", ", urls));
        }
    }

    private static bool IsPlaintextBeyondLoopback(string url)
    {
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var host = url["http://".Length..].Split('/')[0];
        host = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0];
        return host is not ("localhost" or "127.0.0.1" or "[::1]");
    }

    private static string? PresentedKey(Metadata headers)
    {
        if (headers.GetValue("x-api-key") is { Length: > 0 } apiKey)
        {
            return apiKey.Trim();
        }

        var authorization = headers.GetValue("authorization");
        const string bearer = "Bearer ";
        return authorization is not null && authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            ? authorization[bearer.Length..].Trim()
            : authorization is { Length: > 0 } ? string.Empty : null;
    }

    private static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));

    private Snapshot Build(AuthOptions auth)
    {
        var limiters = _rateLimits.Update(
            auth.ApiKeys.Select(k => KeyValuePair.Create("key:" + k.Key, k.Value.RateLimit))
                .Concat(auth.ClientCertificates.Select(c => KeyValuePair.Create("certificate:" + c.Key, c.Value.RateLimit))));

        var keys = new List<(ApiKeyHash, Caller)>();
        foreach (var (name, key) in auth.ApiKeys)
        {
            // The options were validated, so the hash parses.
            if (ApiKeyHash.TryParse(key.Hash, out var hash))
            {
                keys.Add((hash, new Caller(name, "api-key", Scope(key.Apps), limiters.GetValueOrDefault("key:" + name))));
            }
        }

        var certificates = new Dictionary<string, Caller>(StringComparer.Ordinal);
        foreach (var (name, certificate) in auth.ClientCertificates)
        {
            var caller = new Caller(name, "certificate", Scope(certificate.Apps), limiters.GetValueOrDefault("certificate:" + name));
            var key = certificate.Thumbprint is { Length: > 0 } thumbprint
                ? "sha256:" + AuthOptionsValidator.NormalizeThumbprint(thumbprint)
                : "cn:" + certificate.CommonName;
            certificates[key] = caller;
        }

        return new Snapshot(auth.IsEnabled, [.. keys], certificates.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static FrozenSet<string>? Scope(List<string> apps) =>
        apps.Contains(AuthOptionsValidator.AllApps) ? null : apps.ToFrozenSet(StringComparer.Ordinal);

    private sealed record Snapshot(bool IsEnabled, (ApiKeyHash Hash, Caller Caller)[] ApiKeys, FrozenDictionary<string, Caller> Certificates);

    [LoggerMessage(EventId = 1304, EventName = "CallerAuthenticationOn", Level = LogLevel.Information,
        Message = "Caller authentication is on: {ApiKeys} API key(s), {Certificates} client certificate(s)")]
    private partial void LogAuthenticationOn(int apiKeys, int certificates);

    [LoggerMessage(EventId = 1305, EventName = "CallerAuthenticationOffInDevelopment", Level = LogLevel.Information,
        Message = "Caller authentication is off (Development, no PushGrpc:Auth configured): any caller may send for every app")]
    private partial void LogAuthenticationOffInDevelopment();

    [LoggerMessage(EventId = 1306, EventName = "CallerAuthenticationOff", Level = LogLevel.Warning,
        Message = "CALLER AUTHENTICATION IS OFF (PushGrpc:Auth:AllowUnauthenticated=true): anyone who can reach {Endpoints} can send notifications for every app. Configure PushGrpc:Auth:ApiKeys or ClientCertificates.")]
    private partial void LogAuthenticationOff(string endpoints);

    [LoggerMessage(EventId = 1307, EventName = "ApiKeysInClearText", Level = LogLevel.Warning,
        Message = "API keys are accepted on {Url}, which is neither TLS nor loopback: they travel in clear text. Serve TLS (Kestrel:Endpoints:<name>:Certificate).")]
    private partial void LogKeysInClearText(string url);

    [LoggerMessage(EventId = 1301, EventName = "UnknownApiKey", Level = LogLevel.Warning,
        Message = "Call from {Peer} refused: unknown API key")]
    private partial void LogUnknownKey(string peer);

    [LoggerMessage(EventId = 1302, EventName = "UnknownClientCertificate", Level = LogLevel.Warning,
        Message = "Call from {Peer} refused: client certificate {Subject} (SHA-256 {Thumbprint}) is not mapped to a caller in PushGrpc:Auth:ClientCertificates")]
    private partial void LogUnknownCertificate(string peer, string subject, string thumbprint);

    [LoggerMessage(EventId = 1303, EventName = "NoCallerCredentials", Level = LogLevel.Information,
        Message = "Call from {Peer} refused: no API key and no client certificate")]
    private partial void LogNoCredentials(string peer);
}
