using Spectre.Console;

namespace PushGrpc.Cli;

/// <summary>Where a command writes and how it is interrupted; tests pass their own.</summary>
/// <param name="Console">Tables, progress and results for people (stdout).</param>
/// <param name="Error">Errors and, without a terminal, progress lines (stderr).</param>
/// <param name="Environment">Reads environment variables (PUSHGRPC_ADDRESS, PUSHGRPC_API_KEY).</param>
/// <param name="StopSending">The first Ctrl-C: send nothing more, but wait for outstanding results.</param>
/// <param name="Abort">The second Ctrl-C: stop waiting.</param>
internal sealed record CliContext(
    IAnsiConsole Console,
    TextWriter Error,
    Func<string, string?> Environment,
    CancellationToken StopSending,
    CancellationToken Abort)
{
    public static CliContext ForConsole(CancellationToken stopSending, CancellationToken abort) =>
        new(AnsiConsole.Console, System.Console.Error, System.Environment.GetEnvironmentVariable, stopSending, abort);

    /// <summary>True when a person watches a terminal: then progress is a live bar, otherwise periodic lines.</summary>
    public bool Interactive => Console.Profile.Capabilities.Interactive;
}
