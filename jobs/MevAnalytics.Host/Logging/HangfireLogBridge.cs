using Microsoft.Extensions.Logging;

namespace MevAnalytics.Host.Logging;

/// <summary>
/// Hangfire logs through one process-wide provider, and its classes keep their loggers in static fields. Pointing
/// that provider at a host's own <see cref="ILoggerFactory"/> breaks every later host in the process once the first
/// is disposed (tests start several). This bridge is the provider instead: it forwards each line to the host that
/// is attached now, and drops lines while none is.
/// </summary>
public sealed class HangfireLogBridge : ILoggerFactory
{
    public static HangfireLogBridge Instance { get; } = new();

    private ILoggerFactory? _current;

    private HangfireLogBridge()
    {
    }

    public void Attach(ILoggerFactory factory) => Volatile.Write(ref _current, factory);

    public void Detach(ILoggerFactory factory) => Interlocked.CompareExchange(ref _current, null, factory);

    public ILogger CreateLogger(string categoryName) => new Forwarding(this, categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("add providers to the host's logging, not to the Hangfire bridge");

    public void Dispose()
    {
    }

    private ILogger? Target(string category)
    {
        try
        {
            return Volatile.Read(ref _current)?.CreateLogger(category);
        }
        catch (ObjectDisposedException)
        {
            return null; // the host is shutting down
        }
    }

    private sealed class Forwarding(HangfireLogBridge bridge, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            bridge.Target(category)?.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => bridge.Target(category)?.IsEnabled(logLevel) ?? false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            bridge.Target(category)?.Log(logLevel, eventId, state, exception, formatter);
    }
}
