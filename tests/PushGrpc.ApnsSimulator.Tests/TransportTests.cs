using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>
/// TLS and protocol negotiation.
/// </summary>
public sealed class TransportTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Http11Client_Http2OnlyListener_Refused()
    {
        // Kestrel logs an error for a client that does not negotiate h2: a simulator of this test's own, without the
        // fixture's loggers, keeps that expected error out of the fixture's no-error check.
        await using var simulator = await ApnsSimulator.StartAsync(new ApnsSimulatorOptions());
        using var client = SimulatorFixture.CreateClient(simulator);
        var request = fixture.Push();
        request.Version = HttpVersion.Version11;

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(request).Timeout());
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task TlsVersion_TwelveOrThirteen_Accepted(SslProtocols protocol)
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.EnabledSslProtocols = protocol;

        // The simulator's PKI publishes no CRL or OCSP responder: revocation checking must be off.
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(fixture.Simulator.CaCertificate);
        using var client = new HttpClient(handler) { BaseAddress = fixture.Simulator.BaseAddress };

        var answer = await SimulatorFixture.SendAsync(client, fixture.Push());

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task ServerCertificate_NotTrusted_HandshakeFails()
    {
        using var client = new HttpClient { BaseAddress = fixture.Simulator.BaseAddress };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(fixture.Push()).Timeout());
    }

    [Fact]
    public void BaseAddress_Loopback_HttpsWithEphemeralPort()
    {
        var address = fixture.Simulator.BaseAddress;

        Assert.Equal("https", address.Scheme);
        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
        Assert.Equal("/", address.AbsolutePath);
    }
}
