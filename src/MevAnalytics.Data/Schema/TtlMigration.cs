using System.Globalization;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Data.Schema;

/// <summary>
/// The last step of every migration run: brings each table's TTL to what <see cref="TtlOptions"/> says, so TTLs are
/// applied like a migration but follow the configuration. Idempotent: a table whose TTL already matches is left alone.
/// </summary>
public static class TtlMigration
{
    /// <summary>The TTL clause a table should carry, or null for none.</summary>
    public static string? Clause(string column, int days) =>
        days == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"TTL {column} + toIntervalDay({days})");

    /// <summary>Applies <paramref name="ttl"/>; returns the tables changed.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(ClickHouseGateway server, SchemaLayout layout,
        TtlOptions ttl, Action<string>? log, CancellationToken ct)
    {
        ttl.Validate();
        var changed = new List<string>();
        foreach (var (table, column, key, days) in ttl.Tables)
        {
            var storage = layout.Storage(table);
            var name = storage[(storage.IndexOf('.') + 1)..];
            var engineFull = await server.ScalarAsync<string>(
                "SELECT any(engine_full) FROM system.tables WHERE database = {db:String} AND name = {t:String}",
                new QueryParameters().Add("db", layout.Database).Add("t", name), ct);
            var want = Clause(column, days);
            var has = engineFull.Contains(" TTL ", StringComparison.Ordinal);
            if (want is null ? !has : engineFull.Contains(want, StringComparison.Ordinal)) continue;
            log?.Invoke($"setting the TTL of {table} to {(days == 0 ? "none" : $"{days} days")} ({key})");
            await server.ExecuteAsync(want is null
                ? $"ALTER TABLE {storage}{layout.OnCluster} REMOVE TTL"
                : $"ALTER TABLE {storage}{layout.OnCluster} MODIFY {want}", null, ct);
            changed.Add(table);
        }
        return changed;
    }
}
