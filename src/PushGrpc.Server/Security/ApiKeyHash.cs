using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace PushGrpc.Server.Security;

/// <summary>
/// The stored form of an API key: <c>sha256:&lt;salt&gt;:&lt;hash&gt;</c> (both base64), hash = SHA-256(salt ‖ UTF-8 key).
/// API keys are long random strings, so a salted fast hash is enough (no password stretching needed), and the
/// configuration never holds a key that works if it leaks.
/// </summary>
internal sealed class ApiKeyHash
{
    private const string Scheme = "sha256";
    private const int SaltBytes = 16;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private ApiKeyHash(byte[] salt, byte[] hash)
    {
        _salt = salt;
        _hash = hash;
    }

    /// <summary>Hashes <paramref name="key"/> with a fresh random salt and returns the text to put in configuration.</summary>
    public static string Create(string key)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return $"{Scheme}:{Convert.ToBase64String(salt)}:{Convert.ToBase64String(Compute(salt, key))}";
    }

    /// <summary>A new random API key (256 bits, URL-safe), for operators who need one.</summary>
    public static string NewKey() =>
        "pgk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiKeyHash? hash)
    {
        hash = null;
        var parts = text?.Split(':') ?? [];
        if (parts.Length != 3 || parts[0] != Scheme)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[1]);
            var digest = Convert.FromBase64String(parts[2]);
            if (salt.Length < 8 || digest.Length != SHA256.HashSizeInBytes)
            {
                return false;
            }

            hash = new ApiKeyHash(salt, digest);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="key"/> is the key this hash was made from; the comparison takes constant time.</summary>
    public bool Matches(string key) => CryptographicOperations.FixedTimeEquals(Compute(_salt, key), _hash);

    private static byte[] Compute(byte[] salt, string key)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var input = new byte[salt.Length + keyBytes.Length];
        salt.CopyTo(input, 0);
        keyBytes.CopyTo(input, salt.Length);
        var digest = SHA256.HashData(input);
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(keyBytes);
        return digest;
    }
}
