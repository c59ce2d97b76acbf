using System.Globalization;
using System.Text.RegularExpressions;
using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Data.Connection;

/// <summary>
/// Where the jobs find ClickHouse (section <c>ClickHouse</c>;
/// environment <c>MEV_ClickHouse__ConnectionString</c> etc.).
/// With no connection string the embedded engine starts; with one, the same code talks to that server or cluster.
/// </summary>
public sealed partial class ClickHouseOptions : ISectionOptions
{
    public const string SectionName = "ClickHouse";

    static string ISectionOptions.Section => SectionName;

    /// <summary>ClickHouse.Driver connection string, e.g. <c>Host=ch1;Port=8123;Username=jobs;Password=…</c>.
    /// Default null: use the embedded engine.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Database that holds the tables. Default <c>mev</c>.</summary>
    public string Database { get; set; } = "mev";

    /// <summary>Cluster name from <c>remote_servers</c>. When set, migrations create shard-local tables with
    /// Distributed tables of the usual names over them. Default null (single node).</summary>
    public string? Cluster { get; set; }

    /// <summary>How migrations reach a cluster's nodes: <c>per-node</c> (default; every node listed in
    /// <c>system.clusters</c> gets the DDL itself, no Keeper needed) or <c>on-cluster</c> (<c>ON CLUSTER</c> DDL, needs
    /// Keeper).</summary>
    public string DistributedDdl { get; set; } = "per-node";

    /// <summary>HTTP port of the other nodes of a configured cluster, which <c>system.clusters</c> lists by native port
    /// only (per-node DDL talks to each node over HTTP with the same credentials). Default 8123.</summary>
    public int NodeHttpPort { get; set; } = 8123;

    /// <summary>Shard-local tables as Replicated*MergeTree (deployments with Keeper and replicas).
    /// Default false.</summary>
    public bool Replicated { get; set; }

    /// <summary>Attempts per statement, including the first (the retry pipeline, <see cref="ClickHouseRetry"/>).
    /// Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay; doubles each retry, with jitter. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap on one retry delay. Default 5 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP timeout of one statement. Default 10 min (fits over long windows scan a lot).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Compress bulk inserts on the wire. Worth it across a network; on loopback it only burns CPU.
    /// Default true; the embedded engine turns it off.</summary>
    public bool CompressInserts { get; set; } = true;

    /// <summary>Ask the server to compress query results. Default null: yes, except from a loopback host
    /// (<c>localhost</c>, 127.0.0.0/8, ::1), where compressing only costs CPU at both ends (measured: the 11.5 MB of
    /// push-down histograms of 50 M rows parsed in 37-48 ms plain against 54-69 ms zstd-compressed).</summary>
    public bool? CompressResults { get; set; }

    /// <summary>A copy of these options (a store adjusts its own copy for the embedded default).</summary>
    public ClickHouseOptions Copy() => (ClickHouseOptions)MemberwiseClone();

    /// <summary>Connection-string keys ClickHouse.Driver understands (case-insensitive). Any other key is an error: a
    /// misspelt <c>Pwd=</c> would otherwise be ignored and the connection made without a password.</summary>
    public static readonly IReadOnlySet<string> ConnectionStringKeys =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Host", "Port", "Username", "Password", "Database", "Protocol", "Compression", "UseSession", "SessionId",
            "Timeout", "UseServerTimezone", "UseCustomDecimals", "Path", "SkipServerCertificateValidation",
        };

    /// <summary>Throws with the name of the first invalid setting.</summary>
    public void Validate()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            foreach (var part in ConnectionString.Split(';',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = part.IndexOf('=');
                var key = (eq < 0 ? part : part[..eq]).Trim();
                // Only the key is named: the value may be a password.
                if (eq < 0 || !ConnectionStringKeys.Contains(key))
                    throw new ArgumentException(
                        $"{SectionName}:ConnectionString has an unknown key '{(eq < 0 ? "(no '=')" : key)}'; " +
                        $"known keys: {string.Join(", ", ConnectionStringKeys.Order(StringComparer.Ordinal))}.");
                if (ValueProblem(key, part[(eq + 1)..].Trim()) is { } problem)
                    throw new ArgumentException($"{SectionName}:ConnectionString {problem}.");
            }
        }
        if (!Identifier().IsMatch(Database))
            throw new ArgumentException($"{SectionName}:Database '{Database}' is not a plain identifier.");
        if (Cluster is not null && !Identifier().IsMatch(Cluster))
            throw new ArgumentException($"{SectionName}:Cluster '{Cluster}' is not a plain identifier.");
        if (DistributedDdl is not ("per-node" or "on-cluster"))
            throw new ArgumentException(
                $"{SectionName}:DistributedDdl '{DistributedDdl}' is neither 'per-node' nor 'on-cluster'.");
        if (NodeHttpPort is < 1 or > 65535)
            throw new ArgumentException($"{SectionName}:NodeHttpPort {NodeHttpPort} is outside 1..65535.");
        if (MaxAttempts is < 1 or > 100)
            throw new ArgumentException($"{SectionName}:MaxAttempts {MaxAttempts} is outside 1..100.");
        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
            throw new ArgumentException($"{SectionName}:BaseDelay/MaxDelay must satisfy 0 <= BaseDelay <= MaxDelay.");
        if (CommandTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"{SectionName}:CommandTimeout must be positive.");
    }

    // The driver reads these keys' values as a number, booleans or a scheme, and an unreadable one would otherwise
    // fall back to its default (Port=garbage silently became 8123). None of them is a secret, so the value is named.
    private static string? ValueProblem(string key, string value)
    {
        bool isBool = bool.TryParse(value, out _);
        return key.ToLowerInvariant() switch
        {
            "port" when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535 => $"Port '{value}' is not a port number (1..65535)",
            "protocol" when !value.Equals("http", StringComparison.OrdinalIgnoreCase)
                && !value.Equals("https", StringComparison.OrdinalIgnoreCase) =>
                $"Protocol '{value}' is neither http nor https",
            "compression" or "usesession" or "useservertimezone" or "usecustomdecimals"
                or "skipservercertificatevalidation" when !isBool => $"{key} '{value}' is neither true nor false",
            _ => null,
        };
    }

    /// <summary>Identifiers (database, cluster) are spliced into DDL, so they are held to a strict pattern.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    internal static partial Regex Identifier();
}
