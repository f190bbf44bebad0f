using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PatientIndex.Server.Tests.Auditing;

/// <summary>Every log entry the server writes, at every level, as the text a log sink would keep: message, state, scopes and exception.</summary>
internal sealed class CapturedLog : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
        // Kept after the host stops: the test reads them then.
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => log._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new System.Text.StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) entry.Append($" {key}={value}");
            log._scopes.ForEachScope((scope, text) => text.Append(" scope=").Append(scope), entry);
            if (exception is not null) entry.Append(' ').Append(exception);
            log._entries.Enqueue(entry.ToString());
        }
    }
}
