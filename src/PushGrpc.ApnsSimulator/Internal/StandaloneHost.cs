using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>Starts a simulator from configuration: what Program.cs does, kept here so it can be tested.</summary>
internal static class StandaloneHost
{
    public static async Task<ApnsSimulator> StartAsync(IConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var settings = configuration.GetSection(StandaloneSettings.SectionName).Get<StandaloneSettings>() ?? new StandaloneSettings();
        var errors = settings.Validate();
        var keys = new List<(StandaloneKeySettings Settings, ECDsa Key)>();
        try
        {
            if (errors.Count == 0)
            {
                for (var i = 0; i < settings.Keys.Count; i++)
                {
                    try
                    {
                        keys.Add((settings.Keys[i], LoadKey(settings.Keys[i].KeyFile)));
                    }
                    catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException)
                    {
                        errors.Add($"{StandaloneSettings.SectionName}:Keys:{i}:KeyFile '{settings.Keys[i].KeyFile}' is not a PEM EC key (.p8): {ex.Message}");
                    }
                }
            }

            if (errors.Count > 0)
            {
                throw new InvalidOperationException("Invalid simulator configuration:" + System.Environment.NewLine + string.Join(System.Environment.NewLine, errors));
            }

            var simulator = await ApnsSimulator.StartAsync(settings.ToOptions(), loggerFactory, cancellationToken).ConfigureAwait(false);
            foreach (var (key, ecdsa) in keys)
            {
                simulator.AddSigningKey(key.TeamId, key.KeyId, ecdsa, [.. key.BundleIds]);
            }

            foreach (var fault in settings.Faults)
            {
                simulator.Faults.Add(fault.ToRule());
            }

            if (!string.IsNullOrWhiteSpace(settings.CaCertificateOutput))
            {
                var path = Path.GetFullPath(settings.CaCertificateOutput);
                await File.WriteAllTextAsync(path, simulator.CaCertificate.ExportCertificatePem(), cancellationToken).ConfigureAwait(false);
                var logger = loggerFactory.CreateLogger<ApnsSimulator>();
                SimulatorLog.CaCertificateWritten(logger, path);
            }

            return simulator;
        }
        finally
        {
            foreach (var (_, key) in keys)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>Reads a .p8 (PKCS#8 PEM) private key, or a bare public key PEM; only the public part is kept later.</summary>
    private static ECDsa LoadKey(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
