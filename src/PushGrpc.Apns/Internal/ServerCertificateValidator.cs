using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// Accepts a server certificate that the system validated cleanly, or, when an extra root is configured, one whose
/// only problem is the chain and that chains to that root. A host-name mismatch or a missing certificate always fails.
/// </summary>
internal sealed class ServerCertificateValidator
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private readonly X509Certificate2? _trustedCa;

    public ServerCertificateValidator(X509Certificate2? trustedCa) => _trustedCa = trustedCa;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (_trustedCa is null || errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_trustedCa);
        custom.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);

        // A private (simulator) CA publishes no revocation lists; everything else (dates, signatures, EKU) is checked.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // The intermediates the server sent are in the system chain's extra store.
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        if (certificate is X509Certificate2 leaf)
        {
            return custom.Build(leaf);
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(copy);
    }
}
