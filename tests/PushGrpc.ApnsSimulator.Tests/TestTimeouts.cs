namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>Every await in these tests is bounded so a hang fails fast instead of stalling the run.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static Task<T> Timeout<T>(this Task<T> task) => task.WaitAsync(Default);

    public static Task Timeout(this Task task) => task.WaitAsync(Default);
}
