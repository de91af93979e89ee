using System.Globalization;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Client.Tests;

/// <summary>Builders and the example runner the tests share (<c>using static</c> it).</summary>
internal static class TestData
{
    /// <summary>A distinct well-formed 64-hex-character token, which the simulator accepts.</summary>
    public static string Token(int i) => (i + 1).ToString("x64", CultureInfo.InvariantCulture);

    /// <summary>An alert for app "demo" to <paramref name="tokens"/>.</summary>
    public static Notification NewNotification(string id, params string[] tokens) => new()
    {
        Id = id,
        App = "demo",
        DeviceTokens = { tokens },
        Aps = new Aps { Alert = new Alert { Title = "Hi", Body = "from C#" } },
    };

    /// <summary>Runs an example's command in-process, as its Program does, with what it prints.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunExampleAsync(
        Func<string[], TextWriter, TextWriter, Task<int>> command, params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter();
        var exit = await command(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
