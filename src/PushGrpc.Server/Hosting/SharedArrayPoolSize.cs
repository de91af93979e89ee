namespace PushGrpc.Server.Hosting;

/// <summary>
/// Sizes <see cref="System.Buffers.ArrayPool{T}.Shared"/> for the APNs client's load. SocketsHttpHandler rents a 4 KB
/// buffer per HTTP/2 request to encode its headers and holds it until the connection's writer takes the request; with
/// ~100 requests queued per APNs connection the pool's default of 32 arrays per partition runs dry, and every request
/// then allocates new buffers: about 9 KB per notification, two thirds of all the bytes the client allocates
/// (bench/README.md). The pool reads its size from the environment once, on first use, and has no runtimeconfig
/// setting, so the gateway sets the variable before anything rents, unless the operator already has.
/// </summary>
internal static class SharedArrayPoolSize
{
    public const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>Arrays kept per size and partition (one partition per core); the runtime's default is 32.</summary>
    public const int ArraysPerPartition = 512;

    /// <summary>Call first thing in Main. Returns false when the operator's own setting was left as it is.</summary>
    public static bool Configure()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            return false;
        }

        Environment.SetEnvironmentVariable(Variable, ArraysPerPartition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}
