namespace PushGrpc.FunctionalTests;

/// <summary>Every await in these tests has a bound, so a hang fails fast instead of stalling CI.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>For the large streams (100,000 notifications on a 2-core machine).</summary>
    public static readonly TimeSpan Bulk = TimeSpan.FromMinutes(3);
}
