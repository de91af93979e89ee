using System.Security.Cryptography;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>The public half of a provider's .p8 key, with the team it belongs to and the bundle ids it may push to.</summary>
internal sealed class SigningKey : IDisposable
{
    private readonly ECDsa publicKey;
    private readonly HashSet<string> bundleIds;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> bundleIdLookup;
    private readonly Lock verifyLock = new();

    public SigningKey(string teamId, string keyId, ECDsa key, IEnumerable<string> bundleIds)
    {
        TeamId = teamId;
        KeyId = keyId;

        // A private copy of the public parameters only: the caller may dispose its key, and must not find its
        // private key kept alive in here.
        publicKey = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        this.bundleIds = new HashSet<string>(bundleIds, StringComparer.Ordinal);
        bundleIdLookup = this.bundleIds.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string TeamId { get; }

    public string KeyId { get; }

    /// <summary>True when the key may push to <paramref name="bundleId"/>; a key without bundle ids is team-wide.</summary>
    public bool AllowsBundleId(ReadOnlySpan<char> bundleId) => bundleIds.Count == 0 || bundleIdLookup.Contains(bundleId);

    /// <summary>Verifies an ES256 signature given either as raw R||S (JOSE) or DER, as APNs accepts both.</summary>
    public bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        // Verification runs once per distinct JWT (results are cached), so serialising it costs nothing and spares
        // us relying on undocumented thread safety of the platform key handle.
        lock (verifyLock)
        {
            try
            {
                return (signature.Length == 64 &&
                        publicKey.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)) ||
                       publicKey.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }

    public void Dispose() => publicKey.Dispose();
}
