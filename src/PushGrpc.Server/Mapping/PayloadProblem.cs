namespace PushGrpc.Server.Mapping;

/// <summary>Why a payload could not be written, and the proto path of the offending field.</summary>
internal readonly record struct PayloadProblem(string Path, string Message)
{
    /// <summary>The same problem seen from one level up: the parent's path segment goes in front.</summary>
    public PayloadProblem Under(string parentPath) => this with { Path = parentPath + Path };
}
