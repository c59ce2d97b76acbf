using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Host.Configuration;

/// <summary>Where Hangfire keeps its queue, schedules and history (section <c>HangfireStorage</c>).</summary>
public sealed class StorageOptions : ISectionOptions
{
    public const string SectionName = "HangfireStorage";

    static string ISectionOptions.Section => SectionName;

    /// <summary><c>sqlite</c> (one host, a local file) or <c>postgresql</c> (several hosts sharing one queue). Default
    /// <c>sqlite</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite database file. Default <c>.data/hangfire.db</c>.</summary>
    public string SqlitePath { get; set; } = Path.Combine(".data", "hangfire.db");

    /// <summary>Npgsql connection string, required for <c>postgresql</c>
    /// (<c>MEV_HangfireStorage__PostgreSqlConnectionString</c>). Never logged. Default null.</summary>
    public string? PostgreSqlConnectionString { get; set; }

    /// <summary>How often idle workers poll the queue: a triggered job starts within about this long. Default 1 s
    /// (the SQLite storage's own default is 15 s).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public bool IsPostgreSql => string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws with the name of the first invalid setting.</summary>
    public void Validate()
    {
        if (!IsPostgreSql && !string.Equals(Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{SectionName}:Provider '{Provider}' is neither 'sqlite' nor 'postgresql'.");
        if (IsPostgreSql && string.IsNullOrWhiteSpace(PostgreSqlConnectionString))
            throw new ArgumentException(
                $"{SectionName}:PostgreSqlConnectionString must be set when {SectionName}:Provider is 'postgresql'.");
        if (!IsPostgreSql && string.IsNullOrWhiteSpace(SqlitePath))
            throw new ArgumentException($"{SectionName}:SqlitePath must be set.");
        if (QueuePollInterval < TimeSpan.FromMilliseconds(100) || QueuePollInterval > TimeSpan.FromMinutes(1))
            throw new ArgumentException(
                $"{SectionName}:QueuePollInterval {QueuePollInterval} is outside 100 ms..1 min.");
    }
}
