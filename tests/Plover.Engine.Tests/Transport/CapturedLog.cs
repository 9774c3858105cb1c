using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Plover.Engine.Tests.Transport;

/// <summary>A logger factory that keeps every entry (and echoes it to the test output) so tests can assert what was logged.</summary>
public sealed class CapturedLog : ILoggerFactory
{
    private readonly object gate = new();
    private readonly List<LogEntry> entries = [];
    private readonly ITestOutputHelper? output;

    public CapturedLog(ITestOutputHelper? output = null)
    {
        this.output = output;
    }

    public IReadOnlyList<LogEntry> Entries
    {
        get { lock (gate) return entries.ToArray(); }
    }

    /// <summary>A factory whose entries are tagged with a node name, feeding this log.</summary>
    public ILoggerFactory ForNode(string node) => new NodeFactory(this, node);

    public bool Contains(string node, LogLevel level, params string[] fragments) =>
        Entries.Any(e => e.Node == node && e.Level == level && fragments.All(f => e.Message.Contains(f, StringComparison.Ordinal)));

    public ILogger CreateLogger(string categoryName) => new Logger(this, "");

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (gate) entries.Add(entry);
        try
        {
            output?.WriteLine($"{entry.Level,-11} [{entry.Node}] {entry.Message}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; its output is closed.
        }
    }

    private sealed class NodeFactory(CapturedLog log, string node) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new Logger(log, node);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }

    private sealed class Logger(CapturedLog log, string node) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string message = formatter(state, exception) + (exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]");
            log.Add(new LogEntry(node, logLevel, eventId.Id, message));
        }
    }
}

public sealed record LogEntry(string Node, LogLevel Level, int EventId, string Message);
