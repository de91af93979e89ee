namespace PushGrpc.Cli;

/// <summary>Process exit codes, the same for every command.</summary>
internal static class ExitCodes
{
    /// <summary>Every result ACCEPTED (send, bulk) or every service SERVING (check).</summary>
    public const int Ok = 0;

    /// <summary>The call failed (gateway unreachable, not authenticated, ...) or input could not be read.</summary>
    public const int CallFailed = 1;

    /// <summary>Some result is not ACCEPTED, or some service is not SERVING.</summary>
    public const int NotAllAccepted = 2;

    /// <summary>A flag or a bulk file row is malformed.</summary>
    public const int Usage = 64;

    /// <summary>Stopped by Ctrl-C (after the outstanding results were written).</summary>
    public const int Interrupted = 130;
}
