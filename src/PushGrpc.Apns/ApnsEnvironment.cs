namespace PushGrpc.Apns;

/// <summary>The APNs environment: sandbox ("development") or production. Device tokens are per environment.</summary>
public enum ApnsEnvironment
{
    Sandbox,
    Production,
}
