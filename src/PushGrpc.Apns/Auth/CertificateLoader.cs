using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PushGrpc.Apns.Auth;

/// <summary>Loads APNs client certificates from the file formats people actually have (.p12, combined or split PEM).</summary>
internal static class CertificateLoader
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";

    public static ApnsCertificateCredential FromP12File(string path, string? password)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"Cannot read PKCS#12 file '{path}' (wrong password?): {ex.Message}", nameof(path), ex);
        }

        X509Certificate2? leaf = null;
        var others = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (leaf is null && certificate.HasPrivateKey)
            {
                leaf = certificate;
            }
            else
            {
                others.Add(certificate);
            }
        }

        return leaf is null
            ? throw new ArgumentException($"PKCS#12 file '{path}' holds no certificate with a private key.", nameof(path))
            : new ApnsCertificateCredential(leaf, others);
    }

    public static ApnsCertificateCredential FromPemFiles(string certificatePath, string? keyPath, string? keyPassword)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        var certificateText = File.ReadAllText(certificatePath);
        var keyText = keyPath is null ? certificateText : File.ReadAllText(keyPath);
        return FromPem(certificateText, keyText, keyPassword);
    }

    /// <summary>
    /// Pairs the private key with the certificate whose public key it matches. Text outside the PEM blocks
    /// (openssl's "Bag Attributes" lines) is ignored by the PEM readers.
    /// </summary>
    public static ApnsCertificateCredential FromPem(string certificateText, string keyText, string? keyPassword)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(certificateText);
        if (certificates.Count == 0)
        {
            throw new ArgumentException("The certificate PEM holds no CERTIFICATE block.", nameof(certificateText));
        }

        // The key's algorithm is not known up front ("PRIVATE KEY" can be either): try both, once, at load time.
        using var rsa = TryLoad(RSA.Create(), keyText, keyPassword);
        using var ec = TryLoad(ECDsa.Create(), keyText, keyPassword);
        X509Certificate2? leaf = null;
        var others = new X509Certificate2Collection();
        foreach (var certificate in certificates)
        {
            var candidate = leaf is not null ? null : certificate.GetKeyAlgorithm() switch
            {
                RsaOid => CopyIfMatches(certificate, rsa),
                EcOid => CopyIfMatches(certificate, ec),
                _ => null,
            };
            if (candidate is null)
            {
                others.Add(certificate);
            }
            else
            {
                leaf = candidate;
                certificate.Dispose();
            }
        }

        if (leaf is null)
        {
            var hint = keyPassword is null && keyText.Contains("ENCRYPTED", StringComparison.Ordinal)
                ? " The key is encrypted: pass its password."
                : string.Empty;
            throw new ArgumentException("No certificate in the PEM matches a readable private key." + hint, nameof(keyText));
        }

        return new ApnsCertificateCredential(leaf, others);
    }

    private static T? TryLoad<T>(T key, string keyText, string? password)
        where T : AsymmetricAlgorithm
    {
        try
        {
            if (password is not null && keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            {
                key.ImportFromEncryptedPem(keyText, password);
            }
            else
            {
                key.ImportFromPem(keyText);
            }

            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }

    private static X509Certificate2? CopyIfMatches(X509Certificate2 certificate, AsymmetricAlgorithm? key)
    {
        if (key is null ||
            !certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            return null;
        }

        return key switch
        {
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            ECDsa ec => certificate.CopyWithPrivateKey(ec),
            _ => null,
        };
    }
}
