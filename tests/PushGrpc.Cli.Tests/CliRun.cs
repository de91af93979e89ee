using System.Text;
using Spectre.Console;

namespace PushGrpc.Cli.Tests;

/// <summary>Runs `pushgrpc` in-process without a terminal, as CI does, capturing stdout and stderr.</summary>
internal sealed class CliRun
{
    private CliRun(int exitCode, string output, string error)
    {
        ExitCode = exitCode;
        Output = output;
        Error = error;
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    public static async Task<CliRun> RunAsync(string[] args, CancellationToken stopSending = default)
    {
        var output = new StringWriter(new StringBuilder());
        var error = new StringWriter(new StringBuilder());
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        var context = new CliContext(console, error, _ => null, stopSending, CancellationToken.None);
        var exitCode = await CliApp.RunAsync(args, context).WaitAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
