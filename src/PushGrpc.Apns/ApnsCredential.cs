namespace PushGrpc.Apns;

/// <summary>
/// How the client proves its identity to APNs: a provider token (<see cref="ApnsTokenCredential"/>) or a TLS client
/// certificate (<see cref="ApnsCertificateCredential"/>). Exactly one per client; <see cref="object.ToString"/> never
/// reveals key material.
/// </summary>
public abstract class ApnsCredential
{
    // Closed hierarchy: the client only knows how to use the two kinds defined in this assembly.
    private protected ApnsCredential()
    {
    }
}
