using Microsoft.Extensions.Logging;

namespace Rethink.Server.Hosting;

/// <summary>Routes ASP.NET Core's own warnings and errors (Kestrel, hosting) to the <see cref="ServerLog"/>, redacted.</summary>
internal sealed class ServerLogProvider(ServerLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(log, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            // The exception's type only: its message and stack may carry paths or request data.
            var suffix = exception is null ? string.Empty : " (" + exception.GetType().Name + ")";
            log.Write($"{logLevel.ToString().ToLowerInvariant()} {category}: {formatter(state, exception)}{suffix}");
        }
    }
}
