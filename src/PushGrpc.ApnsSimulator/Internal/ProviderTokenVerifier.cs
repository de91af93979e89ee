using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// Checks `authorization: bearer &lt;jwt&gt;` headers. A provider reuses one JWT for up to an hour, so each distinct
/// header value is verified once and the verdict cached; the hot path is a dictionary lookup plus the caller's iat
/// age check (age depends on the clock, so it is never cached).
/// </summary>
internal sealed class ProviderTokenVerifier : IDisposable
{
    /// <summary>Bound on cached verdicts; a flood of distinct tokens just restarts the cache.</summary>
    internal const int CacheCapacity = 10_000;

    private readonly ConcurrentDictionary<string, SigningKey> keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProviderTokenCheck> cache = new(StringComparer.Ordinal);
    private readonly List<SigningKey> allKeys = [];
    private int cached;

    // Bumped when keys change so verdicts computed against the old key set are recomputed.
    private int keyGeneration;

    public void AddKey(SigningKey key)
    {
        // A replaced key may be mid-verification on another thread: it is disposed with the verifier, not now.
        lock (allKeys)
        {
            allKeys.Add(key);
        }

        keys[key.KeyId] = key;
        Interlocked.Increment(ref keyGeneration);
        cache.Clear();
    }

    /// <summary>The cached or fresh verdict for an authorization header value.</summary>
    public ProviderTokenCheck Check(string authorization)
    {
        var generation = Volatile.Read(ref keyGeneration);
        if (cache.TryGetValue(authorization, out var check) && check.KeyGeneration == generation)
        {
            return check;
        }

        check = Verify(authorization, generation);
        if (Interlocked.Increment(ref cached) > CacheCapacity)
        {
            cache.Clear();
            Interlocked.Exchange(ref cached, 0);
        }

        cache[authorization] = check;
        return check;
    }

    public void Dispose()
    {
        lock (allKeys)
        {
            foreach (var key in allKeys)
            {
                key.Dispose();
            }
        }
    }

    private ProviderTokenCheck Verify(string authorization, int generation)
    {
        const string Scheme = "bearer ";
        var invalid = new ProviderTokenCheck(nameof(ApnsReason.InvalidProviderToken), 0, null, generation);
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return invalid;
        }

        var jwt = authorization.AsSpan(Scheme.Length).Trim();
        var firstDot = jwt.IndexOf('.');
        var lastDot = jwt.LastIndexOf('.');
        if (firstDot <= 0 || lastDot == firstDot || jwt[(firstDot + 1)..lastDot].Contains('.'))
        {
            return invalid;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[..firstDot]));
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[(firstDot + 1)..lastDot]));
            var signature = Base64Url.DecodeFromChars(jwt[(lastDot + 1)..]);

            if (!TryGetString(header.RootElement, "alg", out var alg) || alg != "ES256" ||
                !TryGetString(header.RootElement, "kid", out var kid) || !keys.TryGetValue(kid, out var key) ||
                !TryGetString(claims.RootElement, "iss", out var iss) || iss != key.TeamId ||
                !claims.RootElement.TryGetProperty("iat", out var iatElement) ||
                iatElement.ValueKind != JsonValueKind.Number || !iatElement.TryGetInt64(out var iat))
            {
                return invalid;
            }

            var signingInput = Encoding.ASCII.GetBytes(jwt[..lastDot].ToString());
            return key.Verify(signingInput, signature)
                ? new ProviderTokenCheck(null, iat, key, generation)
                : invalid;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return invalid;
        }
    }

    private static bool TryGetString(JsonElement element, string name, out string value)
    {
        value = string.Empty;
        if (element.ValueKind != JsonValueKind.Object ||
            !element.TryGetProperty(name, out var property) ||
            property.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = property.GetString() ?? string.Empty;
        return true;
    }
}

/// <summary>A cached JWT verdict: either a failure reason, or the verified issue time and key.</summary>
internal sealed record ProviderTokenCheck(string? FailureReason, long IssuedAt, SigningKey? Key, int KeyGeneration);
