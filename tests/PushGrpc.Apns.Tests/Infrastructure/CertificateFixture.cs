using System.Security.Cryptography.X509Certificates;

namespace PushGrpc.Apns.Tests.Infrastructure;

/// <summary>One set of generated certificates per test class: generating RSA keys is the slow part.</summary>
public sealed class CertificateFixture : IDisposable
{
    public CertificateFixture()
    {
        Ca = TestCertificates.CreateCa("PushGrpc Test Root");
        OtherCa = TestCertificates.CreateCa("Someone Else's Root");
        ServerCertificate = TestCertificates.CreateServer(Ca);
        ClientCertificate = TestCertificates.CreateClient(Ca);
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 OtherCa { get; }

    public X509Certificate2 ServerCertificate { get; }

    public X509Certificate2 ClientCertificate { get; }

    public void Dispose()
    {
        Ca.Dispose();
        OtherCa.Dispose();
        ServerCertificate.Dispose();
        ClientCertificate.Dispose();
    }
}
