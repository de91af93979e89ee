using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PushGrpc.Apns.Tests.Infrastructure;

internal sealed record LogEntry(LogLevel Level, string? EventName, string Message);

/// <summary>Keeps every log line so tests can assert what was (and was not) written.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue(new LogEntry(logLevel, eventId.Name, formatter(state, exception)));
}
