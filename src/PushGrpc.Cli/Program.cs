using PushGrpc.Cli;

// Ctrl-C once: stop sending, wait for the results still outstanding, write the summary. Twice: stop waiting.
using var stopSending = new CancellationTokenSource();
using var abort = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    if (stopSending.IsCancellationRequested)
    {
        abort.Cancel();
    }
    else
    {
        stopSending.Cancel();
        Console.Error.WriteLine("Stopping: no more notifications are sent; waiting for outstanding results (Ctrl-C again to stop waiting).");
    }
};

return await CliApp.RunAsync(args, CliContext.ForConsole(stopSending.Token, abort.Token)).ConfigureAwait(false);
