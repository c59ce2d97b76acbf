using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using MevAnalytics.Host.Configuration;

namespace MevAnalytics.Host.Storage;

/// <summary>Builds the configured Hangfire storage. The PostgreSQL connection string is used, never logged or
/// echoed.</summary>
public static class HangfireStorageFactory
{
    public static JobStorage Create(StorageOptions options)
    {
        if (options.IsPostgreSql)
        {
            var pg = new PostgreSqlStorageOptions
            {
                QueuePollInterval = options.QueuePollInterval,
                PrepareSchemaIfNecessary = true,
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(options.PostgreSqlConnectionString!, pg), pg);
        }
        var path = Path.GetFullPath(options.SqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = options.QueuePollInterval });
    }

    /// <summary>What the storage is, for logs: provider and file, never the connection string.</summary>
    public static string Describe(StorageOptions options) =>
        options.IsPostgreSql
            ? "PostgreSQL (connection string from HangfireStorage:PostgreSqlConnectionString)"
            : $"SQLite {Path.GetFullPath(options.SqlitePath)}";
}
