using MevAnalytics.Data.Connection;

namespace MevAnalytics.Data.Schema;

/// <summary>The nodes of a cluster as the server the jobs talk to lists them (<c>system.clusters</c>): host and native
/// port, in shard and replica order.</summary>
public static class ClusterNodes
{
    /// <summary>Every node of <paramref name="cluster"/>; empty when the server does not know the cluster.</summary>
    public static Task<List<(string Host, int Port)>> ListAsync(ClickHouseGateway server, string cluster,
        CancellationToken ct) =>
        server.QueryAsync(
            "SELECT host_address, port FROM system.clusters WHERE cluster = {c:String} ORDER BY shard_num, replica_num",
            new QueryParameters().Add("c", cluster), r => (r.GetString(0), Convert.ToInt32(r.GetValue(1))), ct);
}
