namespace MevAnalytics.Data.Schema;

/// <summary>
/// How tables are laid out: one node, or shard-local tables with Distributed tables of the public names over them.
/// Jobs always query the public names (<c>landing_events</c>, <c>rollup_arm_5m</c>, …), so their SQL is the same
/// in both layouts. On a cluster the DDL is either sent to every node itself (<see cref="PerNode"/>, no Keeper
/// needed) or once with <c>ON CLUSTER</c> (Keeper required); with <see cref="Replicated"/> the local tables are
/// Replicated*MergeTree (a deployment with Keeper and several replicas per shard).
/// </summary>
public sealed record SchemaLayout(string Database, string? Cluster)
{
    /// <summary>True (default): DDL is applied node by node, without <c>ON CLUSTER</c>.</summary>
    public bool PerNode { get; init; } = true;

    /// <summary>True: shard-local tables use the Replicated engines (<c>{shard}</c>/<c>{replica}</c> macros).</summary>
    public bool Replicated { get; init; }

    /// <summary>Name of the table that holds a table's rows: the public name on one node,
    /// <c>name_local</c> on a cluster.</summary>
    public string Storage(string table) => Cluster is null ? $"{Database}.{table}" : $"{Database}.{table}_local";

    /// <summary><c>ON CLUSTER c</c> on a cluster with cluster-wide DDL, empty on one node or per-node DDL.</summary>
    public string OnCluster => Cluster is null || PerNode ? "" : $" ON CLUSTER {Cluster}";

    /// <summary>
    /// DDL for a table: on one node the table itself; on a cluster the shard-local table plus a Distributed table
    /// with the public name over it, rows placed by <paramref name="shardingKey"/>. <paramref name="columnsAndEngine"/>
    /// starts at the column list.
    /// </summary>
    public IEnumerable<string> Table(string table, string columnsAndEngine, string shardingKey = "rand()")
    {
        var body = Cluster is not null && Replicated ? ReplicatedEngine(table, columnsAndEngine) : columnsAndEngine;
        yield return $"CREATE TABLE IF NOT EXISTS {Storage(table)}{OnCluster} {body}";
        if (Cluster is not null)
            yield return $"CREATE TABLE IF NOT EXISTS {Database}.{table}{OnCluster} AS {Storage(table)} " +
                         $"ENGINE = Distributed({Cluster}, {Database}, {table}_local, {shardingKey})";
    }

    private string ReplicatedEngine(string table, string columnsAndEngine)
    {
        foreach (var engine in new[] { "AggregatingMergeTree", "ReplacingMergeTree", "SummingMergeTree", "MergeTree" })
        {
            var plain = $"ENGINE = {engine}";
            var at = columnsAndEngine.IndexOf(plain, StringComparison.Ordinal);
            if (at < 0) continue;
            var rest = columnsAndEngine[(at + plain.Length)..];
            if (rest.StartsWith("()", StringComparison.Ordinal)) rest = rest[2..];
            return columnsAndEngine[..at] +
                   $"ENGINE = Replicated{engine}('/clickhouse/tables/{{shard}}/{Database}/{table}_local', " +
                   $"'{{replica}}')" + rest;
        }
        throw new InvalidOperationException($"table {table}: no MergeTree engine to replicate");
    }
}
