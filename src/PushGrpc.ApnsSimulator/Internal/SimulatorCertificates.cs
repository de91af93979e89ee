using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// The simulator's in-memory PKI: a server CA and the TLS certificate it issued, and a separate client CA that issues
/// APNs-style provider certificates. Two CAs, so a client certificate can never pass as the server and the CA handed
/// to clients for server trust says nothing about client identity. Validity uses the real clock: TLS checks it.
/// </summary>
internal sealed class SimulatorCertificates : IDisposable
{
    /// <summary>Subject attribute holding the bundle id (the certificate's default topic).</summary>
    internal const string UserIdOid = "0.9.2342.19200300.100.1.1";

    /// <summary>Apple's extension listing the certificate's topics.</summary>
    internal const string TopicsOid = "1.2.840.113635.100.6.3.6";

    internal const string SandboxOid = "1.2.840.113635.100.6.3.1";
    internal const string ProductionOid = "1.2.840.113635.100.6.3.2";

    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    // ASN.1 NULL: the environment extensions only matter by their presence.
    private static readonly byte[] AsnNull = [0x05, 0x00];

    private readonly X509Certificate2 serverCa;
    private readonly X509Certificate2 clientCa;
    private readonly X509Certificate2 clientCaPublic;

    private SimulatorCertificates(X509Certificate2 serverCa, X509Certificate2 serverCertificate, X509Certificate2 clientCa)
    {
        this.serverCa = serverCa;
        this.clientCa = clientCa;
        ServerCertificate = serverCertificate;
        CaCertificate = X509CertificateLoader.LoadCertificate(serverCa.RawData);
        clientCaPublic = X509CertificateLoader.LoadCertificate(clientCa.RawData);
    }

    /// <summary>The public-only server CA that clients trust.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>The TLS server certificate with its private key.</summary>
    public X509Certificate2 ServerCertificate { get; }

    public static SimulatorCertificates Create(IPAddress listenAddress)
    {
        var serverCa = CreateAuthority("PushGrpc APNs Simulator Server CA");
        var clientCa = CreateAuthority("PushGrpc APNs Simulator Client CA");

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=PushGrpc APNs Simulator", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (!listenAddress.Equals(IPAddress.Any) && !listenAddress.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(listenAddress))
        {
            names.AddIpAddress(listenAddress);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], false));
        var server = Issue(request, serverCa, key);
        return new SimulatorCertificates(serverCa, server, clientCa);
    }

    /// <summary>An APNs-style provider certificate for <paramref name="bundleId"/> (apns-reference §5).</summary>
    public X509Certificate2 IssueClientCertificate(string bundleId, ApnsEnvironment? environment)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName($"Apple Push Services: {bundleId}");
        subject.Add(UserIdOid, bundleId, UniversalTagNumber.UTF8String);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuthentication], false));
        request.CertificateExtensions.Add(new X509Extension(TopicsOid, EncodeTopics(bundleId), false));
        if (environment is null or ApnsEnvironment.Sandbox)
        {
            request.CertificateExtensions.Add(new X509Extension(SandboxOid, AsnNull, false));
        }

        if (environment is null or ApnsEnvironment.Production)
        {
            request.CertificateExtensions.Add(new X509Extension(ProductionOid, AsnNull, false));
        }

        return Issue(request, clientCa, key);
    }

    /// <summary>True when <paramref name="certificate"/> chains to the simulator's client CA.</summary>
    public bool IsIssuedClientCertificate(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(clientCaPublic);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        try
        {
            return chain.Build(certificate);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    public void Dispose()
    {
        ServerCertificate.Dispose();
        CaCertificate.Dispose();
        clientCaPublic.Dispose();
        serverCa.Dispose();
        clientCa.Dispose();
    }

    private static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    private static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 issuer, ECDsa key)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(issuer, now.AddHours(-1), now.AddYears(1), serial);
        using var withKey = certificate.CopyWithPrivateKey(key);

        // A PKCS#12 round trip gives a certificate whose key the TLS stack can use on every platform (a key created
        // in memory is ephemeral, which SChannel refuses and which does not survive the disposal of `key`).
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    // Apple's layout: SEQUENCE { UTF8String topic, SEQUENCE { UTF8String kind }, ... } (apns-reference §5).
    private static byte[] EncodeTopics(string bundleId)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var (topic, kind) in new[] { (bundleId, "app"), ($"{bundleId}.voip", "voip"), ($"{bundleId}.complication", "complication") })
            {
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, topic);
                using (writer.PushSequence())
                {
                    writer.WriteCharacterString(UniversalTagNumber.UTF8String, kind);
                }
            }
        }

        return writer.Encode();
    }
}
