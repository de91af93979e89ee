namespace PushGrpc.Server.Security;

/// <summary>
/// <c>PushGrpc.Server hash-key [key]</c> prints the hash to configure for an API key (the key is read from stdin
/// when not given, which keeps it out of shell history); <c>PushGrpc.Server new-key</c> makes a key and prints both.
/// </summary>
internal static class ApiKeyCommand
{
    public static bool TryRun(string[] args, TextReader input, TextWriter output, out int exitCode)
    {
        exitCode = 0;
        switch (args)
        {
            case ["hash-key", var key]:
                output.WriteLine(ApiKeyHash.Create(key));
                return true;
            case ["hash-key"]:
                var line = input.ReadLine()?.Trim();
                if (string.IsNullOrEmpty(line))
                {
                    output.WriteLine("usage: hash-key <key>   (or the key on stdin)");
                    exitCode = 2;
                    return true;
                }

                output.WriteLine(ApiKeyHash.Create(line));
                return true;
            case ["new-key"]:
                var newKey = ApiKeyHash.NewKey();
                output.WriteLine($"key:  {newKey}");
                output.WriteLine($"hash: {ApiKeyHash.Create(newKey)}");
                return true;
            default:
                return false;
        }
    }
}
