using System.CommandLine;

namespace PushGrpc.Cli;

/// <summary>The `pushgrpc` command line: send, bulk, check, channel.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, CliContext context)
    {
        var root = new RootCommand("pushgrpc: send push notifications through a PushGrpc gateway.")
        {
            SendCommand.Create(context),
            BulkCommand.Create(context),
            CheckCommand.Create(context),
            ChannelCommand.Create(context),
        };
        var parse = root.Parse(args);
        return parse.InvokeAsync(new InvocationConfiguration
        {
            Output = context.Console.Profile.Out.Writer,
            Error = context.Error,

            // Ctrl-C is ours: the first one drains (see Program), it must not end the process.
            ProcessTerminationTimeout = null,
        });
    }
}
