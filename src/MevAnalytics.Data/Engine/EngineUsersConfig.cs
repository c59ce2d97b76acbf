namespace MevAnalytics.Data.Engine;

/// <summary>
/// The embedded engine's configuration file: its one user (<c>default</c>, which clickhouse-local's own session also
/// uses, so it cannot carry a password) gets the privileges the jobs need and nothing that reaches outside the
/// database: no file/URL/S3/… table functions or engines, so a local process that finds the loopback port cannot
/// read or write files as the engine's user.
/// </summary>
public static class EngineUsersConfig
{
    /// <summary>Table engines the schema uses (shard-local tables, rollups, Distributed tables over them).</summary>
    public static readonly IReadOnlyList<string> TableEngines =
    [
        "MergeTree", "AggregatingMergeTree", "ReplacingMergeTree", "SummingMergeTree", "Distributed",
        "ReplicatedMergeTree", "ReplicatedAggregatingMergeTree", "ReplicatedReplacingMergeTree", "Memory", "Null",
        "View", "MaterializedView",
    ];

    /// <summary>Privileges of the engine's user. Not REMOTE: <c>remote()</c> and <c>cluster()</c> would let any query
    /// connect out (to any host, or back into the engine's own HTTP port, which takes the engine down); the cluster's
    /// Distributed tables reach the other nodes through <c>remote_servers</c> without it.</summary>
    public const string Privileges =
        "SELECT, INSERT, ALTER, CREATE, DROP, TRUNCATE, OPTIMIZE, SHOW, KILL QUERY, SYSTEM, dictGet";

    /// <summary>The users file (XML) for clickhouse-local's <c>users_config</c>.</summary>
    public static string UsersXml()
    {
        var engines = string.Concat(TableEngines.Select(e => $"<query>GRANT TABLE ENGINE ON {e}</query>"));
        return $"""
            <clickhouse>
              <users>
                <default>
                  <password></password>
                  <networks><ip>::/0</ip></networks>
                  <profile>default</profile>
                  <quota>default</quota>
                  <grants><query>GRANT {Privileges} ON *.*</query>{engines}</grants>
                </default>
              </users>
              <profiles><default></default></profiles>
              <quotas><default></default></quotas>
            </clickhouse>
            """;
    }

    /// <summary>The main configuration file pointing at <paramref name="usersFile"/>, with a cluster's
    /// <c>remote_servers</c> section when the engine is a node of one.</summary>
    public static string ConfigXml(string usersFile, string? remoteServersXml = null) =>
        $"<clickhouse><users_config>{System.Security.SecurityElement.Escape(usersFile)}</users_config>" +
        QueryLogXml + $"{remoteServersXml}</clickhouse>";

    /// <summary>system.query_log (off in clickhouse-local by default): what each query read and returned, per node, for
    /// <c>mev bench cluster</c> and for operators; kept for 7 days.</summary>
    public const string QueryLogXml =
        "<query_log><database>system</database><table>query_log</table>" +
        "<flush_interval_milliseconds>1000</flush_interval_milliseconds>" +
        "<ttl>event_date + INTERVAL 7 DAY DELETE</ttl></query_log>";
}
