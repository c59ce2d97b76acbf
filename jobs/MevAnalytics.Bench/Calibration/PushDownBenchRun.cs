using System.Diagnostics;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Schema;
using MevAnalytics.Data.Sources;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Bench.Calibration;

/// <summary>
/// <c>mev bench calibrate --pushdown-rows N</c>: N synthetic landing rows (deterministic, hash-based, generated inside
/// the engine in a separate database <c>mev_bench</c>), then the end-to-end push-down calibrate job (query, fit,
/// evaluate, gate, publish, snapshot) against the engine's own scan of the same columns
/// (<c>SELECT ... FORMAT Null</c>).
/// </summary>
public static class PushDownBenchRun
{
    /// <summary>Database the bench loads (never the analytics database).</summary>
    public const string Database = "mev_bench";

    /// <summary>Rounds of (scan, job); the best of each counts. The first job of a process includes compiling its
    /// code, as a cron run's does.</summary>
    private const int Rounds = 5;

    /// <summary>Result: seconds of the job and of the plain scan, best of <see cref="Rounds"/> each.</summary>
    public sealed record Result(long Rows, double JobSeconds, double ScanSeconds, double LoadSeconds, string JobStatus,
        long BucketsRead)
    {
        /// <summary>Job time over scan time (target &lt;= 1.5).</summary>
        public double Ratio => JobSeconds / ScanSeconds;

        /// <summary>Printable lines.</summary>
        public IEnumerable<string> Lines()
        {
            yield return $"push-down calibrate on {Rows:N0} rows (embedded engine): job {JobSeconds:0.00} s " +
                         $"({JobStatus}, {BucketsRead:N0} buckets read), " +
                         $"engine scan of the same columns (FORMAT Null) {ScanSeconds:0.00} s " +
                         $"-> ratio {Ratio:0.00} (target <= 1.5)";
            if (LoadSeconds > 0) yield return $"  (synthetic rows generated in the engine in {LoadSeconds:0.0} s)";
        }
    }

    /// <summary>Loads (if needed) and measures.</summary>
    public static async Task<Result> RunAsync(string connectionString, long rows, Action<string> log,
        CancellationToken ct)
    {
        var now = new DateTime(DateTime.UtcNow.Year, DateTime.UtcNow.Month, DateTime.UtcNow.Day, 0, 0, 0,
            DateTimeKind.Utc);
        var from = now - TimeSpan.FromDays(7);
        var options = new ClickHouseOptions
        {
            Database = Database,
            CompressInserts = false,
            CommandTimeout = TimeSpan.FromMinutes(30),
        };
        using var server = new ClickHouseGateway(connectionString, options, useDatabase: false);
        await MigrationRunner.ApplyAsync(server, new SchemaLayout(Database, null), null, ct);
        using var db = new ClickHouseGateway(connectionString, options);
        var window = new QueryParameters().Add("from", from).Add("to", now);
        long have = await db.ScalarAsync<long>(
            "SELECT count() FROM landing_events " +
            "WHERE ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}", window, ct);
        double loadSeconds = 0;
        if (have != rows)
        {
            log($"generating {rows:N0} synthetic rows in {Database}.landing_events ...");
            await db.ExecuteAsync("TRUNCATE TABLE landing_events", null, ct);
            var sw = Stopwatch.StartNew();
            await db.ExecuteAsync("""
                INSERT INTO landing_events (ts, slot, leader, leader_group, route, tip_arm, tip_lamports, p_land_est,
                                            ev_est_sol, propensity, phase_offset_ms, landed, payoff_sol,
                                            land_latency_ms, model_id, policy)
                SELECT fromUnixTimestamp64Milli(
                           toInt64({from_ms:Int64} + intDiv(number * {span_ms:UInt64}, {rows:UInt64})), 'UTC'),
                       number, 'bench-leader', 'agave', ['r0', 'r1', 'r2', 'r3', 'r4'][1 + number % 5],
                       toUInt8(intDiv(number, 5) % 6),
                       1000 * (1 + intDiv(number, 5) % 6),
                       cityHash64(number, 1) / 18446744073709551616. AS u,
                       0.001 + 0.02 * u * cityHash64(number, 3) / 18446744073709551616.,
                       0.5, 100, toUInt8(cityHash64(number, 2) / 18446744073709551616. < u * u) AS l,
                       if(l = 1, 0.012, 0.), NULL, 'bench', 'bench'
                FROM numbers({rows:UInt64})
                """, new QueryParameters().Add("from_ms", new DateTimeOffset(from).ToUnixTimeMilliseconds())
                    .Add("span_ms", (ulong)(now - from).TotalMilliseconds).Add("rows", (ulong)rows), ct);
            await db.ExecuteAsync("OPTIMIZE TABLE landing_events FINAL", null, ct);
            loadSeconds = sw.Elapsed.TotalSeconds;
        }

        // Rows loaded before the daily rollup existed (an older bench database) are aggregated into it once, as
        // `mev backfill` does; the job would read them as rows otherwise.
        long rolled = await db.ScalarAsync<long>(
            $"SELECT toInt64(sum(rows)) FROM {CalibrationRollup.Table} " +
            "WHERE target IN (0, 2) AND day >= toDate({from:DateTime64(3, 'UTC')}) " +
            "AND day < toDate({to:DateTime64(3, 'UTC')})", window, ct);
        if (rolled != rows)
        {
            log($"aggregating the {rows:N0} rows into {CalibrationRollup.Table} ...");
            await RollupBackfill.RunAsync(db, new SchemaLayout(Database, null), new SourcesOptions(), from, now, null,
                null, ct, [RollupFeed.Calibration]);
        }

        var root = Path.Combine(Path.GetTempPath(), "mev-bench-pushdown-" + Guid.NewGuid().ToString("N")[..8]);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ClickHouse:ConnectionString"] = connectionString,
            ["ClickHouse:Database"] = Database,
            ["ClickHouse:CommandTimeout"] = "00:30:00",
            ["Artifacts:Root"] = root,
        }).Build();
        var settings = JobSettings.Bind(config);
        await using var store = await AnalyticsStore.OpenAsync(settings, null, ct);
        double job = double.MaxValue, scan = double.MaxValue;
        JobOutcome outcome = null!;
        try
        {
            // Scan and job alternate, so that a machine whose speed drifts (a shared VM) slows both alike.
            for (int i = 0; i < Rounds; i++)
            {
                var sw = Stopwatch.StartNew();
                await db.ExecuteAsync("""
                    SELECT ts, route, tip_arm, p_land_est, landed, ev_est_sol, payoff_sol FROM landing_events
                    WHERE ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')} FORMAT Null
                    """, window, ct);
                scan = Math.Min(scan, sw.Elapsed.TotalSeconds);
                var context = new JobContext(store, settings, "bench", now, log, _ => { });
                sw.Restart();
                outcome = await JobRunner.RunAsync(new CalibrationJob(), context, ct);
                job = Math.Min(job, sw.Elapsed.TotalSeconds);
                if (outcome.Status == JobStatus.Failed)
                    throw new InvalidOperationException("calibrate failed in the bench: " + outcome.Summary);
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
        return new Result(rows, job, scan, loadSeconds, outcome.Status.ToString(), outcome.RowsRead);
    }
}
