using PushGrpc.Client;

namespace PushGrpc.Examples;

/// <summary>
/// The command line of an example program: <c>--name value</c> flags and <c>--switch</c> flags, including the ones
/// every example takes to reach the gateway (<c>--address HOST:PORT</c>, <c>--tls</c>, <c>--ca FILE</c>,
/// <c>--app NAME</c>). Compiled into each example (internal), so they parse alike.
/// </summary>
internal sealed class ExampleFlags
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);

    private ExampleFlags()
    {
    }

    public string App => Get("--app") ?? "demo";

    /// <summary>Reads <paramref name="args"/>, allowing the connection flags and the given ones; on failure
    /// <paramref name="error"/> says why.</summary>
    public static bool TryParse(
        string[] args,
        IReadOnlyCollection<string> valueFlags,
        IReadOnlyCollection<string> switchFlags,
        out ExampleFlags flags,
        out string error)
    {
        flags = new ExampleFlags();
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--tls" || switchFlags.Contains(name))
            {
                flags._switches.Add(name);
            }
            else if (name is not ("--address" or "--ca" or "--app") && !valueFlags.Contains(name))
            {
                error = $"unknown flag {name}";
                return false;
            }
            else if (i + 1 >= args.Length)
            {
                error = $"missing value for {name}";
                return false;
            }
            else
            {
                flags._values[name] = args[++i];
            }
        }

        return true;
    }

    /// <summary>The value of a flag; null when it was not given.</summary>
    public string? Get(string name) => _values.GetValueOrDefault(name);

    /// <summary>Whether a switch was given.</summary>
    public bool Has(string name) => _switches.Contains(name);

    /// <summary>A client for the connection flags.</summary>
    public PushGrpcClient Connect() =>
        PushGrpcClient.Connect(Get("--address") ?? "localhost:50051", Has("--tls"), Get("--ca"));
}
