namespace MevAnalytics.Data.Schema;

/// <summary>
/// How tables are laid out: one node, or shard-local tables with Distributed tables of the public names over them.
/// Jobs always query the public names (<c>landing_events</c>, <c>rollup_arm_5m</c>, …), so their SQL is the same
/// in both layouts.
/// </summary>
public sealed record SchemaLayout(string Database, string? Cluster)
{
    /// <summary>Name of the table that holds a table's rows: the public name on one node, <c>name_local</c> on a cluster.</summary>
    public string Storage(string table) => Cluster is null ? $"{Database}.{table}" : $"{Database}.{table}_local";

    /// <summary><c>ON CLUSTER c</c> on a cluster, empty on one node.</summary>
    public string OnCluster => Cluster is null ? "" : $" ON CLUSTER {Cluster}";

    /// <summary>
    /// DDL for a table: on one node the table itself; on a cluster the shard-local table plus a Distributed table
    /// with the public name over it. <paramref name="columnsAndEngine"/> starts at the column list.
    /// </summary>
    public IEnumerable<string> Table(string table, string columnsAndEngine)
    {
        yield return $"CREATE TABLE IF NOT EXISTS {Storage(table)}{OnCluster} {columnsAndEngine}";
        if (Cluster is not null)
            yield return $"CREATE TABLE IF NOT EXISTS {Database}.{table}{OnCluster} AS {Storage(table)} " +
                         $"ENGINE = Distributed({Cluster}, {Database}, {table}_local, rand())";
    }
}
