using MevAnalytics.Data.Connection;

namespace MevAnalytics.Data.Schema;

/// <summary>Applies pending migrations in order and records them in <c>schema_migrations</c>;
/// running it again is a no-op.</summary>
public static class MigrationRunner
{
    /// <summary>Result of one run: versions applied now and versions that were already there.</summary>
    public sealed record Outcome(IReadOnlyList<int> Applied, IReadOnlyList<int> AlreadyApplied);

    /// <summary>Creates the database if needed and applies what is missing, then the table TTLs of
    /// <paramref name="ttl"/> (none when null: TTLs are left as they are). <paramref name="server"/> must not be
    /// bound to the (possibly missing) database.</summary>
    public static async Task<Outcome> ApplyAsync(ClickHouseGateway server, SchemaLayout layout,
        Action<string>? log = null, CancellationToken ct = default, TtlOptions? ttl = null)
    {
        await server.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {layout.Database}{layout.OnCluster}", null, ct);
        await server.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS {layout.Database}.schema_migrations
            (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC'))
            ENGINE = ReplacingMergeTree ORDER BY version
            """, null, ct);

        var recorded = (await server.QueryAsync(
                $"SELECT version, argMax(checksum, applied_at) FROM {layout.Database}.schema_migrations " +
                "GROUP BY version",
                null, r => (Version: (int)r.GetFieldValue<uint>(0), Checksum: r.GetString(1)), ct))
            .ToDictionary(x => x.Version, x => x.Checksum);

        var applied = new List<int>();
        var already = new List<int>();
        foreach (var migration in SchemaMigrations.For(layout))
        {
            if (recorded.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                    throw new InvalidOperationException(
                        $"Migration {migration.Version} ({migration.Name}) was changed after it was applied " +
                        $"(recorded checksum {checksum[..12]}, now {migration.Checksum[..12]}); " +
                        "add a new migration instead.");
                already.Add(migration.Version);
                continue;
            }
            log?.Invoke($"applying migration {migration.Version}: {migration.Name}");
            foreach (var statement in migration.Statements) await server.ExecuteAsync(statement, null, ct);
            await server.ExecuteAsync(
                $"INSERT INTO {layout.Database}.schema_migrations (version, name, checksum, applied_at) " +
                "VALUES ({v:UInt32}, {n:String}, {c:String}, now64(3))",
                new QueryParameters().Add("v", (uint)migration.Version).Add("n", migration.Name)
                    .Add("c", migration.Checksum), ct);
            applied.Add(migration.Version);
        }
        if (ttl is not null) await TtlMigration.ApplyAsync(server, layout, ttl, log, ct);
        return new Outcome(applied, already);
    }
}
