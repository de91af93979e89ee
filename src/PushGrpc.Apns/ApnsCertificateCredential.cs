using System.Security.Cryptography.X509Certificates;
using PushGrpc.Apns.Auth;

namespace PushGrpc.Apns;

/// <summary>
/// Certificate-based authentication: an APNs client certificate with its private key, presented in the TLS handshake
/// (apns-reference §5). Requests then carry no authorization header.
/// </summary>
public sealed class ApnsCertificateCredential : ApnsCredential
{
    /// <summary>Creates a credential from a certificate that has its private key.</summary>
    public ApnsCertificateCredential(X509Certificate2 certificateWithPrivateKey)
        : this(certificateWithPrivateKey, [])
    {
    }

    internal ApnsCertificateCredential(X509Certificate2 certificateWithPrivateKey, X509Certificate2Collection intermediates)
    {
        ArgumentNullException.ThrowIfNull(certificateWithPrivateKey);
        if (!certificateWithPrivateKey.HasPrivateKey)
        {
            throw new ArgumentException("The certificate has no private key.", nameof(certificateWithPrivateKey));
        }

        Certificate = certificateWithPrivateKey;
        Intermediates = intermediates;
    }

    /// <summary>The client certificate (with private key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Other certificates found beside the leaf (e.g. Apple's WWDR intermediate), sent with it in the handshake.</summary>
    internal X509Certificate2Collection Intermediates { get; }

    /// <summary>Loads a PKCS#12 (.p12/.pfx) file; the leaf is the certificate that has a private key.</summary>
    public static ApnsCertificateCredential FromP12File(string path, string? password) =>
        CertificateLoader.FromP12File(path, password);

    /// <summary>
    /// Loads PEM files. With <paramref name="keyPath"/> null, <paramref name="certificatePath"/> is one combined file as
    /// <c>openssl pkcs12 -in X.p12 -out X.pem -nodes</c> writes it ("Bag Attributes" lines and several certificates are
    /// fine: the leaf is the one whose public key matches the private key). Encrypted keys must be PKCS#8
    /// ("ENCRYPTED PRIVATE KEY") and need <paramref name="keyPassword"/>.
    /// </summary>
    public static ApnsCertificateCredential FromPemFile(string certificatePath, string? keyPath = null, string? keyPassword = null) =>
        CertificateLoader.FromPemFiles(certificatePath, keyPath, keyPassword);

    public override string ToString() =>
        $"ApnsCertificateCredential(Subject={Certificate.Subject}, Thumbprint={Certificate.Thumbprint}, NotAfter={Certificate.NotAfter:yyyy-MM-dd})";
}
