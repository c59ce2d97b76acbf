using System.Diagnostics;
using System.Globalization;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;

namespace MevAnalytics.Bench.Cluster;

/// <summary>
/// The same simulated history on one embedded engine and on a local N-shard cluster: the push-down calibrate and the
/// bandit job timed on both, and from each node's <c>system.query_log</c> the rows each shard scanned for the job and
/// the rows and bytes it sent to the initiator (which should be the aggregate's size, not the raw rows).
/// </summary>
public static class ClusterBench
{
    /// <summary>What one shard did for one job: rows it read, and rows and bytes it returned to the
    /// initiator.</summary>
    public sealed record ShardWork(int Shard, long ReadRows, long ResultRows, long ResultBytes, string LargestQuery,
        long LargestRows, long UnaggregatedRows);

    /// <summary>One job on both sides.</summary>
    public sealed record JobTiming(string Job, TimeSpan OneNode, TimeSpan Cluster, long InitiatorReadRows,
        IReadOnlyList<ShardWork> Shards);

    public sealed record Result(int Shards, long Rows, TimeSpan LoadOneNode, TimeSpan LoadCluster,
        IReadOnlyList<JobTiming> Jobs)
    {
        public IEnumerable<string> Lines()
        {
            yield return $"history: {Rows:N0} sends on 1 engine and on {Shards} shards " +
                         $"(load {LoadOneNode.TotalSeconds:0.00} s vs {LoadCluster.TotalSeconds:0.00} s)";
            foreach (var j in Jobs)
            {
                yield return $"{j.Job}: one node {j.OneNode.TotalSeconds:0.000} s, " +
                             $"cluster {j.Cluster.TotalSeconds:0.000} s " +
                             $"(cluster/one node {j.Cluster.TotalSeconds / j.OneNode.TotalSeconds:0.00}x)";
                foreach (var s in j.Shards)
                {
                    yield return s.Shard == 1
                        ? $"  shard 1 (initiator): scanned {s.ReadRows:N0} rows locally; merges what the others send"
                        : $"  shard {s.Shard}: scanned {s.ReadRows:N0} rows, sent {s.ResultRows:N0} rows / " +
                          $"{s.ResultBytes:N0} bytes to the initiator, {s.UnaggregatedRows:N0} of them rows of " +
                          "queries that aggregate nothing";
                    if (s.Shard > 1 && s.LargestRows > 0)
                        yield return $"    most rows sent ({s.LargestRows:N0}) by: {s.LargestQuery}";
                }
                var scanned = j.Shards.Sum(s => s.ReadRows);
                var sent = j.Shards.Skip(1).Sum(s => s.ResultRows);
                var remote = j.Shards.Skip(1).Sum(s => s.ReadRows);
                yield return $"  total scanned {scanned:N0}; the other shards sent {sent:N0} rows " +
                             $"for the {remote:N0} they scanned ({(remote == 0 ? 0 : 100.0 * sent / remote):0.0}%)";
                var raw = j.Shards.Skip(1).Sum(s => s.UnaggregatedRows);
                yield return raw == 0
                    ? "  only aggregates travel: every query the other shards ran aggregated before it answered"
                    : $"  rows travel: {raw:N0} rows came from shard queries that aggregate nothing";
            }
            yield return "on this 2-core machine every shard shares the same cores: no speed-up is expected; " +
                         "the figures show the work done on the shards and that only aggregates travel.";
        }
    }

    public static async Task<Result> RunAsync(int shards, long rows, Action<string>? log, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mev-bench-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        var end = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        const double rate = 100;
        var sim = new SimulationOptions
        {
            Days = rows / (rate * 86_400),
            SendsPerSecond = rate,
            Seed = 3,
            End = end,
            ProbeInterval = TimeSpan.FromMinutes(1),
        };
        try
        {
            await using var one =
                await JobSession.OpenAsync(MevConfiguration.Build(Settings(folder, "one", 1)), log, ct);
            await using var cluster =
                await JobSession.OpenAsync(MevConfiguration.Build(Settings(folder, "cluster", shards)), log, ct);
            var loadOne = await TimeAsync(() => HistoryLoader.LoadAsync(one.Store.Db, sim, end, ct: ct));
            var loadCluster = await TimeAsync(() => HistoryLoader.LoadAsync(cluster.Store.Db, sim, end, ct: ct));
            log?.Invoke($"loaded {rows:N0} sends on both");
            var jobs = new List<JobTiming>();
            foreach (var job in new[] { "calibrate", "bandit" })
            {
                var a = await TimeAsync(() => RunJobAsync(one, job, end, ct));
                var since = DateTime.UtcNow.AddSeconds(-1);
                var b = await TimeAsync(() => RunJobAsync(cluster, job, end, ct));
                var (initiator, work) = await QueryLogAsync(cluster.Store, since, ct);
                jobs.Add(new JobTiming(job, a, b, initiator, work));
            }
            return new Result(shards, rows, loadOne, loadCluster, jobs);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static Dictionary<string, string?> Settings(string folder, string name, int shards) => new()
    {
        ["EmbeddedEngine:DataDirectory"] = Path.Combine(folder, name),
        ["EmbeddedEngine:Shards"] = shards.ToString(CultureInfo.InvariantCulture),
        ["Artifacts:Root"] = Path.Combine(folder, name + "-artifacts"),
        ["Calibration:Window"] = "400.00:00:00",
        ["Bandit:Window"] = "400.00:00:00",
        ["Ttl:LandingEvents"] = "0.00:00:00",
        ["Ttl:LatencySamples"] = "0.00:00:00",
        ["Ttl:RollupArm5m"] = "0.00:00:00",
        ["Ttl:RollupOpe5m"] = "0.00:00:00",
        ["Ttl:RollupLatency5m"] = "0.00:00:00",
        ["Ttl:JobRuns"] = "0.00:00:00",
    };

    private static async Task RunJobAsync(JobSession session, string job, DateTime end, CancellationToken ct)
    {
        var context = session.Context("bench", utcNow: end) with { Scratch = true };
        var outcome = await JobRunner.RunAsync(JobCatalog.Get(job), context, ct);
        if (outcome.Status == JobStatus.Failed)
            throw new InvalidOperationException($"bench: {job} failed: {outcome.Summary}");
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed;
    }

    /// <summary>Each shard's secondary SELECTs since <paramref name="since"/> (what the Distributed queries sent it),
    /// and the rows the initiator's own queries read.</summary>
    private static async Task<(long InitiatorRead, IReadOnlyList<ShardWork> Shards)> QueryLogAsync(AnalyticsStore store,
        DateTime since, CancellationToken ct)
    {
        var cluster = store.Cluster ?? throw new InvalidOperationException("bench cluster needs a local cluster");
        var work = new List<ShardWork>();
        long initiator = 0;
        for (var i = 0; i < cluster.Shards.Count; i++)
        {
            using var node = new ClickHouseGateway(cluster.Shards[i].ConnectionString(), store.Options,
                useDatabase: false);
            await node.ExecuteAsync("SYSTEM FLUSH LOGS", null, ct);
            var p = new QueryParameters().Add("since", since);
            const string Recent = """
                event_time_microseconds >= {since:DateTime64(6, 'UTC')} AND type = 'QueryFinish'
                AND query_kind = 'Select'
                AND query NOT LIKE '%system.query_log%'
                """;
            var row = (await node.QueryAsync($"""
                SELECT sumIf(read_rows, NOT is_initial_query), sumIf(result_rows, NOT is_initial_query),
                       sumIf(result_bytes, NOT is_initial_query), sumIf(read_rows, is_initial_query),
                       sumIf(result_rows, NOT is_initial_query AND empty(used_aggregate_functions))
                FROM system.query_log WHERE {Recent}
                """, p, r => (Read: Convert.ToInt64(r.GetValue(0)), Rows: Convert.ToInt64(r.GetValue(1)),
                    Bytes: Convert.ToInt64(r.GetValue(2)), Initial: Convert.ToInt64(r.GetValue(3)),
                    Raw: Convert.ToInt64(r.GetValue(4))), ct))[0];
            var largest = await node.QueryAsync($"""
                SELECT any(replaceRegexpAll(substring(query, 1, 160), '\s+', ' ')), sum(result_rows) AS sent
                FROM system.query_log WHERE {Recent} AND NOT is_initial_query
                GROUP BY normalized_query_hash ORDER BY sent DESC LIMIT 1
                """, p, r => (Query: r.GetString(0), Rows: Convert.ToInt64(r.GetValue(1))), ct);
            var top = largest.Count > 0 ? largest[0] : ("", 0L);
            work.Add(new ShardWork(i + 1, row.Read, row.Rows, row.Bytes, top.Item1, top.Item2, row.Raw));
            if (i == 0) initiator = row.Initial;
        }
        // The initiator's own reads include the rows its shards report back; its local share is the difference.
        var local = Math.Max(0, initiator - work.Skip(1).Sum(w => w.ReadRows));
        work[0] = work[0] with { ReadRows = local };
        return (initiator, work);
    }
}
