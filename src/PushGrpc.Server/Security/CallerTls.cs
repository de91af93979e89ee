using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using PushGrpc.Server.Options;

namespace PushGrpc.Server.Security;

/// <summary>
/// Mutual TLS for callers: with <c>PushGrpc:Auth:ClientCertificateCaFile</c> set, every TLS listener asks for a client
/// certificate (optional, so API-key callers need none) and accepts only one that chains to that CA. Which caller a
/// certificate is, and what it may do, is <see cref="CallerRegistry"/>'s business. The CA is read at start-up.
/// </summary>
internal static class CallerTls
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static void Configure(WebApplicationBuilder builder)
    {
        var caFile = builder.Configuration[$"{PushGrpcOptions.SectionName}:Auth:ClientCertificateCaFile"];
        if (string.IsNullOrEmpty(caFile) || !File.Exists(caFile))
        {
            // Unset: no client certificates. Missing file: the options validator reports it with every other problem.
            return;
        }

        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => ChainsTo(certificate, ca);
        }));
    }

    internal static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        return chain.Build(certificate);
    }
}
