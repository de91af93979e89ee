using Microsoft.Extensions.Logging;
using PushGrpc.Server.Security;

namespace PushGrpc.Server.Tests.Security;

public sealed class SecretSourcesTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite, false)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, true)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.GroupRead, true)]
    public void WarnIfReadableByOthers_ByMode_WarnsOnlyWhenOthersCanRead(UnixFileMode mode, bool warns)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(_file, mode);
        var logger = new ListLogger();

        SecretSources.WarnIfReadableByOthers(logger, "PushGrpc:Apps:x:Token:KeyFile", _file);

        Assert.Equal(warns, logger.Lines.Any(l => l.Contains("readable by group or others", StringComparison.Ordinal)));
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
