using Microsoft.Extensions.Options;
using PushGrpc.Server.Options;

namespace PushGrpc.Server.Security;

/// <summary>
/// Where secrets come from besides appsettings: environment variables (built in, e.g.
/// <c>PushGrpc__Apps__shop__Token__Key</c>), files named by <c>KeyFile</c>/<c>File</c>, and a mounted secrets folder
/// (<c>PushGrpc:SecretsDirectory</c>, e.g. /run/secrets) whose file names are configuration keys.
/// </summary>
internal static partial class SecretSources
{
    /// <summary>Adds the secrets folder to configuration, if one is configured; it is watched like appsettings.json.</summary>
    public static void AddSecretsDirectory(WebApplicationBuilder builder)
    {
        var directory = builder.Configuration[$"{PushGrpcOptions.SectionName}:SecretsDirectory"];
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        if (!Directory.Exists(directory))
        {
            throw new OptionsValidationException(PushGrpcOptions.SectionName, typeof(PushGrpcOptions),
                [$"PushGrpc:SecretsDirectory \"{directory}\" does not exist."]);
        }

        builder.Configuration.AddKeyPerFile(Path.GetFullPath(directory), optional: false, reloadOnChange: true);
    }

    /// <summary>Warns when a file holding a private key or password can be read by users other than its owner.</summary>
    public static void WarnIfReadableByOthers(ILogger logger, string setting, string? path)
    {
        if (string.IsNullOrEmpty(path) || OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            LogReadableByOthers(logger, setting, path, Convert.ToString((int)mode & 0x1FF, 8));
        }
    }

    [LoggerMessage(EventId = 1311, EventName = "SecretFileReadableByOthers", Level = LogLevel.Warning,
        Message = "{Setting}: \"{Path}\" holds a private key but is readable by group or others (mode {Mode}); restrict it, e.g. chmod 600")]
    private static partial void LogReadableByOthers(ILogger logger, string setting, string path, string mode);
}
