using MevAnalytics.Data.Connection;

namespace MevAnalytics.Data.Schema;

/// <summary>
/// Migrations on a cluster without Keeper: every node listed in <c>system.clusters</c> for the cluster gets each
/// migration itself (shard-local table, its materialized views, the Distributed table of the public name) and records
/// it in its own <c>schema_migrations</c>, so it is idempotent per node and a node added later receives what it lacks
/// on the next run. Every node is checked first: an unreachable one fails the run before anything is applied, and any
/// failure names the node and reports which node has which version.
/// </summary>
public static class ClusterMigrationRunner
{
    /// <summary>One node of the cluster and the highest migration it has applied.</summary>
    public sealed record NodeVersion(string Node, int Version);

    /// <summary>Applies pending migrations on every node; returns what was applied (on any node) and
    /// each node's version.</summary>
    /// <param name="first">The node the jobs talk to (reads <c>system.clusters</c>).</param>
    /// <param name="layout">A cluster layout with per-node DDL.</param>
    /// <param name="node">A gateway to the node at host and native port (the caller maps it to its HTTP port).</param>
    /// <param name="ttl">Table TTLs (null: leave them).</param>
    /// <param name="log">Status lines.</param>
    /// <param name="ct">Cancels.</param>
    public static async Task<(MigrationRunner.Outcome Outcome, IReadOnlyList<NodeVersion> Nodes)> ApplyAsync(
        ClickHouseGateway first, SchemaLayout layout, Func<string, int, ClickHouseGateway> node, TtlOptions? ttl,
        Action<string>? log, CancellationToken ct)
    {
        var cluster = layout.Cluster ?? throw new ArgumentException("a per-node migration needs a cluster layout");
        var nodes = await ClusterNodes.ListAsync(first, cluster, ct);
        if (nodes.Count == 0)
            throw new InvalidOperationException($"cluster '{cluster}' is not in system.clusters of {first.Endpoint}: " +
                                                "check remote_servers and ClickHouse:Cluster");
        var gateways = new List<(string Name, ClickHouseGateway Db)>();
        try
        {
            foreach (var (host, port) in nodes) gateways.Add(($"{host}:{port}", node(host, port)));
            var before = await VersionsAsync(gateways, layout, ct);
            if (before.FirstOrDefault(v => v.Version < 0) is { } down)
                throw new InvalidOperationException(
                    $"migrate: node {down.Node} of cluster '{cluster}' is unreachable; nothing was " +
                    $"applied. Versions: {Describe(before)}");
            var applied = new SortedSet<int>();
            var already = new SortedSet<int>(SchemaMigrations.For(layout).Select(m => m.Version));
            foreach (var (name, db) in gateways)
            {
                try
                {
                    var outcome = await MigrationRunner.ApplyAsync(db, layout,
                        line => log?.Invoke($"{name}: {line}"), ct, ttl);
                    applied.UnionWith(outcome.Applied);
                    already.ExceptWith(outcome.Applied);
                }
                catch (Exception e)
                    when (e is ClickHouseUnavailableException or ClickHouse.Driver.ClickHouseServerException)
                {
                    var now = await VersionsAsync(gateways, layout, ct);
                    throw new InvalidOperationException(
                        $"migrate: node {name} failed ({e.Message}). Versions now: {Describe(now)}; " +
                        "run migrate again once the node answers", e);
                }
            }
            var after = await VersionsAsync(gateways, layout, ct);
            log?.Invoke($"cluster '{cluster}': {Describe(after)}");
            return (new MigrationRunner.Outcome([.. applied], [.. already]), after);
        }
        finally
        {
            foreach (var (_, db) in gateways) db.Dispose();
        }
    }

    private static async Task<List<NodeVersion>> VersionsAsync(List<(string Name, ClickHouseGateway Db)> nodes,
        SchemaLayout layout, CancellationToken ct)
    {
        var versions = new List<NodeVersion>();
        foreach (var (name, db) in nodes)
        {
            try
            {
                var exists = await db.ScalarAsync<long>(
                    "SELECT count() FROM system.tables WHERE database = {db:String} AND name = 'schema_migrations'",
                    new QueryParameters().Add("db", layout.Database), ct);
                versions.Add(new NodeVersion(name, exists == 0 ? 0 : await db.ScalarAsync<int>(
                    $"SELECT toInt32(max(version)) FROM {layout.Database}.schema_migrations", null, ct)));
            }
            catch (ClickHouseUnavailableException)
            {
                versions.Add(new NodeVersion(name, -1));
            }
        }
        return versions;
    }

    private static string Describe(IEnumerable<NodeVersion> versions) =>
        string.Join(", ", versions.Select(v => v.Version < 0 ? $"{v.Node} unreachable" : $"{v.Node} v{v.Version}"));
}
