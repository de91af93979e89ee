using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PushGrpc.Apns.Tests.Infrastructure;

namespace PushGrpc.Apns.Tests;

public sealed class CredentialTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("apns-credential-tests").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void FromP8_Pkcs8Pem_LoadsSigningKey()
    {
        using var original = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var credential = ApnsTokenCredential.FromP8("TEAM123456", "KEY1234567", original.ExportPkcs8PrivateKeyPem());

        Assert.Equal("TEAM123456", credential.TeamId);
        Assert.Equal("KEY1234567", credential.KeyId);
        var data = "probe"u8.ToArray();
        Assert.True(original.VerifyData(data, credential.SigningKey.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }

    [Fact]
    public void FromP8File_AuthKeyFile_LoadsSigningKey()
    {
        using var original = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(_directory, "AuthKey_KEY1234567.p8");
        File.WriteAllText(path, original.ExportPkcs8PrivateKeyPem());

        var credential = ApnsTokenCredential.FromP8File("TEAM123456", "KEY1234567", path);

        Assert.Equal(
            original.ExportSubjectPublicKeyInfo(), credential.SigningKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void FromP8_NotP256_Throws()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => ApnsTokenCredential.FromP8("TEAM123456", "KEY1234567", p384.ExportPkcs8PrivateKeyPem()));
    }

    [Fact]
    public void FromP8_Garbage_ThrowsWithoutEchoingInput()
    {
        const string secretLooking = "-----BEGIN PRIVATE KEY-----\nTUlJU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----";

        var error = Assert.Throws<ArgumentException>(() => ApnsTokenCredential.FromP8("TEAM123456", "KEY1234567", secretLooking));

        Assert.DoesNotContain("TUlJU0VDUkVUU0VDUkVU", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_TokenCredential_NeverShowsKeyMaterial()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        var privateScalar = Convert.ToBase64String(key.ExportParameters(true).D!);

        var text = ApnsTokenCredential.FromP8("TEAM123456", "KEY1234567", pem).ToString();

        Assert.Equal("ApnsTokenCredential(TeamId=TEAM123456, KeyId=KEY1234567)", text);
        Assert.DoesNotContain(privateScalar, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FromP12File_WithPassword_LoadsLeafWithKeyAndIntermediates()
    {
        using var ca = TestCertificates.CreateCa("Test WWDR");
        using var leaf = TestCertificates.CreateClient(ca);
        var path = Path.Combine(_directory, "apns.p12");
        using var caPublic = X509CertificateLoader.LoadCertificate(ca.RawData);
        File.WriteAllBytes(path, new X509Certificate2Collection { caPublic, leaf }.Export(X509ContentType.Pkcs12, "s3cret")!);

        var credential = ApnsCertificateCredential.FromP12File(path, "s3cret");

        Assert.Equal(leaf.Thumbprint, credential.Certificate.Thumbprint);
        Assert.True(credential.Certificate.HasPrivateKey);
        Assert.Equal(ca.Thumbprint, Assert.Single(credential.Intermediates).Thumbprint);
    }

    [Fact]
    public void FromP12File_WrongPassword_Throws()
    {
        using var ca = TestCertificates.CreateCa("Test WWDR");
        using var leaf = TestCertificates.CreateClient(ca);
        var path = Path.Combine(_directory, "apns.p12");
        File.WriteAllBytes(path, leaf.Export(X509ContentType.Pkcs12, "s3cret"));

        var error = Assert.Throws<ArgumentException>(() => ApnsCertificateCredential.FromP12File(path, "wrong"));

        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPemFile_CombinedWithBagAttributesAndCaFirst_PicksLeafMatchingKey()
    {
        using var ca = TestCertificates.CreateCa("Test WWDR");
        using var leaf = TestCertificates.CreateClient(ca);
        using var rsa = leaf.GetRSAPrivateKey()!;

        // The layout of `openssl pkcs12 -in apns.p12 -out apns.pem -nodes`, with the CA listed before the leaf.
        var text = new StringBuilder()
            .AppendLine("Bag Attributes")
            .AppendLine("    friendlyName: Test WWDR")
            .AppendLine("subject=CN = Test WWDR")
            .AppendLine("issuer=CN = Test WWDR")
            .AppendLine(ca.ExportCertificatePem())
            .AppendLine("Bag Attributes")
            .AppendLine("    localKeyID: 01 02 03 04")
            .AppendLine("    friendlyName: Apple Push Services: com.example.app")
            .AppendLine("subject=UID = com.example.app, CN = Apple Push Services: com.example.app")
            .AppendLine("issuer=CN = Test WWDR")
            .AppendLine(leaf.ExportCertificatePem())
            .AppendLine("Bag Attributes")
            .AppendLine("    localKeyID: 01 02 03 04")
            .AppendLine("Key Attributes: <No Attributes>")
            .AppendLine(rsa.ExportPkcs8PrivateKeyPem())
            .ToString();
        var path = Path.Combine(_directory, "apns.pem");
        File.WriteAllText(path, text);

        var credential = ApnsCertificateCredential.FromPemFile(path);

        Assert.Equal(leaf.Thumbprint, credential.Certificate.Thumbprint);
        Assert.Equal(ca.Thumbprint, Assert.Single(credential.Intermediates).Thumbprint);
        using var loadedKey = credential.Certificate.GetRSAPrivateKey()!;
        var signature = loadedKey.SignData("probe"u8.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(rsa.VerifyData("probe"u8.ToArray(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void FromPemFile_SeparateCertificateAndKey_Loads()
    {
        using var ca = TestCertificates.CreateCa("Test WWDR");
        using var leaf = TestCertificates.CreateClient(ca);
        using var rsa = leaf.GetRSAPrivateKey()!;
        var certificatePath = Path.Combine(_directory, "cert.pem");
        var keyPath = Path.Combine(_directory, "key.pem");
        File.WriteAllText(certificatePath, leaf.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportRSAPrivateKeyPem());

        var credential = ApnsCertificateCredential.FromPemFile(certificatePath, keyPath);

        Assert.Equal(leaf.Thumbprint, credential.Certificate.Thumbprint);
        Assert.True(credential.Certificate.HasPrivateKey);
    }

    [Fact]
    public void FromPemFile_EncryptedKeyWithPassword_Loads()
    {
        using var ca = TestCertificates.CreateCa("Test WWDR");
        using var leaf = TestCertificates.CreateClient(ca);
        using var rsa = leaf.GetRSAPrivateKey()!;
        var certificatePath = Path.Combine(_directory, "cert.pem");
        var keyPath = Path.Combine(_directory, "key.pem");
        File.WriteAllText(certificatePath, leaf.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportEncryptedPkcs8PrivateKeyPem(
            "pa55", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));

        var credential = ApnsCertificateCredential.FromPemFile(certificatePath, keyPath, "pa55");

        Assert.True(credential.Certificate.HasPrivateKey);
        var error = Assert.Throws<ArgumentException>(() => ApnsCertificateCredential.FromPemFile(certificatePath, keyPath));
        Assert.Contains("encrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPemFile_KeyOfAnotherCertificate_Throws()
    {
        using var ca = TestCertificates.CreateCa("Test WWDR");
        using var leaf = TestCertificates.CreateClient(ca);
        using var other = RSA.Create(2048);
        var path = Path.Combine(_directory, "mismatch.pem");
        File.WriteAllText(path, leaf.ExportCertificatePem() + "\n" + other.ExportPkcs8PrivateKeyPem());

        Assert.Throws<ArgumentException>(() => ApnsCertificateCredential.FromPemFile(path));
    }

    [Fact]
    public void Constructor_CertificateWithoutKey_Throws()
    {
        using var ca = TestCertificates.CreateCa("Test WWDR");
        using var publicOnly = X509CertificateLoader.LoadCertificate(ca.RawData);

        Assert.Throws<ArgumentException>(() => new ApnsCertificateCredential(publicOnly));
    }

    [Fact]
    public void ToString_CertificateCredential_NeverShowsKeyMaterial()
    {
        using var ca = TestCertificates.CreateCa("Test WWDR");
        using var leaf = TestCertificates.CreateClient(ca);
        using var rsa = leaf.GetRSAPrivateKey()!;
        var privateKeyBase64 = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey());

        var text = new ApnsCertificateCredential(leaf).ToString();

        Assert.Contains(leaf.Thumbprint, text, StringComparison.Ordinal);
        Assert.DoesNotContain(privateKeyBase64[..40], text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", text, StringComparison.Ordinal);
    }
}
