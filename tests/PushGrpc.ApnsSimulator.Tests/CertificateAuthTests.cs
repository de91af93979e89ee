using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>Certificate authentication (apns-reference §5) on the same listener as token authentication.</summary>
public sealed class CertificateAuthTests(SimulatorFixture fixture) : SimulatorTests<SimulatorFixture>(fixture)
{
    private const string CertBundleId = "com.example.certapp";

    [Fact]
    public async Task ClientCertificate_NoTopicHeader_UsesSubjectUid()
    {
        var client = CertificateClient();

        var answer = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: null, topic: null));

        Assert.Equal(200, answer.Status);
        var record = Fixture.RecordOf(answer.ApnsId);
        Assert.Equal(("certificate", CertBundleId), (record.AuthMode, record.Topic));
    }

    [Theory]
    [InlineData(CertBundleId, "alert")]
    [InlineData(CertBundleId + ".voip", "voip")]
    [InlineData(CertBundleId + ".complication", "complication")]
    public async Task ClientCertificate_TopicInCertificate_Accepted(string topic, string pushType)
    {
        var answer = await SimulatorFixture.SendAsync(CertificateClient(), Fixture.Push(jwt: null, topic: topic, pushType: pushType));

        Assert.Equal(200, answer.Status);
    }

    [Theory]
    [InlineData(SimulatorFixture.BundleId, "alert")]
    [InlineData(CertBundleId + ".location-query", "location")]
    [InlineData(CertBundleId + ".push-type.liveactivity", "liveactivity")]
    [InlineData(CertBundleId + ".voip", "alert")]
    public async Task ClientCertificate_TopicNotInCertificateOrWrongType_TopicDisallowed(string topic, string pushType)
    {
        var answer = await SimulatorFixture.SendAsync(CertificateClient(), Fixture.Push(jwt: null, topic: topic, pushType: pushType));

        Assert.Equal((400, "TopicDisallowed"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task ClientCertificate_GarbageAuthorization_Ignored()
    {
        var answer = await SimulatorFixture.SendAsync(CertificateClient(), Fixture.Push(jwt: "garbage"));

        Assert.Equal(400, answer.Status);
        Assert.Equal("TopicDisallowed", answer.Reason); // the token key's topic is not the certificate's: auth was the certificate
        var accepted = await SimulatorFixture.SendAsync(CertificateClient(), Fixture.Push(jwt: "garbage", topic: CertBundleId));
        Assert.Equal(200, accepted.Status);
    }

    [Theory]
    [InlineData(ApnsEnvironment.Sandbox, 200)]
    [InlineData(ApnsEnvironment.Production, 403)]
    public async Task ClientCertificate_EnvironmentOnSandbox_OnlySandboxOrUniversalAccepted(ApnsEnvironment environment, int status)
    {
        var client = Fixture.CreateClient(Fixture.Simulator.IssueClientCertificate(CertBundleId, environment));

        var answer = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: null, topic: null));

        Assert.Equal(status, answer.Status);
        Assert.Equal(status == 403 ? "BadCertificateEnvironment" : null, answer.Reason);
    }

    [Fact]
    public async Task ForeignClientCertificate_Handshake_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Apple Push Services: {CertBundleId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var foreign = X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pkcs12), null);
        var client = Fixture.CreateClient(foreign);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(Fixture.Push(jwt: null, topic: null)).Timeout());
    }

    [Fact]
    public void IssueClientCertificate_Universal_ShapedLikeApple()
    {
        using var certificate = Fixture.Simulator.IssueClientCertificate(CertBundleId);

        Assert.True(certificate.HasPrivateKey);
        Assert.Contains(
            certificate.SubjectName.EnumerateRelativeDistinguishedNames(),
            name => name.GetSingleElementType().Value == "0.9.2342.19200300.100.1.1" && name.GetSingleElementValue() == CertBundleId);
        Assert.NotNull(certificate.Extensions["1.2.840.113635.100.6.3.1"]);
        Assert.NotNull(certificate.Extensions["1.2.840.113635.100.6.3.2"]);
        var topics = new List<string>();
        var sequence = new AsnReader(certificate.Extensions["1.2.840.113635.100.6.3.6"]!.RawData, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            topics.Add(sequence.ReadCharacterString(UniversalTagNumber.UTF8String));
            sequence.ReadSequence();
        }

        Assert.Equal([CertBundleId, CertBundleId + ".voip", CertBundleId + ".complication"], topics);
        Assert.NotEqual(Fixture.Simulator.CaCertificate.Subject, certificate.Issuer);
        Assert.False(Fixture.Simulator.CaCertificate.HasPrivateKey);
    }

    [Theory]
    [InlineData(ApnsEnvironment.Sandbox, "1.2.840.113635.100.6.3.1", "1.2.840.113635.100.6.3.2")]
    [InlineData(ApnsEnvironment.Production, "1.2.840.113635.100.6.3.2", "1.2.840.113635.100.6.3.1")]
    public void IssueClientCertificate_OneEnvironment_CarriesOnlyItsOid(ApnsEnvironment environment, string present, string absent)
    {
        using var certificate = Fixture.Simulator.IssueClientCertificate(CertBundleId, environment);

        Assert.NotNull(certificate.Extensions[present]);
        Assert.Null(certificate.Extensions[absent]);
    }

    private HttpClient CertificateClient() => Fixture.CreateClient(Fixture.Simulator.IssueClientCertificate(CertBundleId));
}
