using System.Diagnostics;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;

namespace MevAnalytics.Bench.Bandit;

/// <summary>
/// <c>mev bench bandit</c>: loads a long simulated history (once; reused while its size matches) into a database of its
/// own, then times the bandit job, which reads only the 5-minute rollups (arm statistics, and OPE sums per action from
/// rollup_ope_5m over the recent slice), beside the engine's scan of the raw table it would otherwise need (<c>SELECT
/// route, tip_arm, landed, payoff_sol FROM landing_events FORMAT Null</c>), and reports the ratio.
/// </summary>
public static class BanditBench
{
    /// <summary>Database the bench loads into, so the demo's tables are untouched.</summary>
    public const string Database = "mev_bench";

    /// <summary>Fixed end of the benchmark history, so repeated runs reuse the loaded rows.</summary>
    public static readonly DateTime End = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>What was measured.</summary>
    public sealed record Result(long RawRows, long RollupRows, TimeSpan Load, bool Reused, TimeSpan JobMedian,
        TimeSpan RollupReadMedian, TimeSpan OpeReadMedian, TimeSpan RawScanMedian, JobOutcome Outcome, double Days,
        double SendsPerSecond, string LoadAverage)
    {
        /// <summary>Lines for the console.</summary>
        public IEnumerable<string> Lines()
        {
            yield return $"history: {Days:0.##} days at {SendsPerSecond:0.#} sends/s = {RawRows:N0} raw rows, " +
                         $"{RollupRows:N0} rollup rows " +
                         (Reused ? "(reused)" : $"(generated and loaded in {Load.TotalSeconds:0} s)");
            yield return $"bandit job (rollup fit + OPE sums + publish): {JobMedian.TotalSeconds:0.000} s " +
                         $"median of 3 -> {Outcome.Status}: {Outcome.Summary}";
            yield return "  of which the rollup read (decay pushed down, one row per arm): " +
                         $"{RollupReadMedian.TotalSeconds:0.000} s; " +
                         $"OPE sums over the slice: {OpeReadMedian.TotalSeconds:0.000} s; " +
                         "the rest is Monte Carlo and publishing";
            yield return "raw scan (SELECT route, tip_arm, landed, payoff_sol FROM landing_events FORMAT Null): " +
                         $"{RawScanMedian.TotalSeconds:0.000} s median of 3";
            yield return $"ratio raw scan / bandit job: {RawScanMedian / JobMedian:0.0}x; " +
                         $"raw scan / rollup read: {RawScanMedian / RollupReadMedian:0.0}x";
            yield return $"load average (1, 5, 15 min) after the runs: {LoadAverage}";
        }
    }

    /// <summary>Configuration overrides that point a session at the bench database and a scratch artifact
    /// root.</summary>
    public static Dictionary<string, string?> Settings(double days) => new()
    {
        ["ClickHouse:Database"] = Database,
        ["Artifacts:Root"] = Path.Combine(".data", "bench", "artifacts"),
        ["Bandit:Window"] = TimeSpan.FromDays(days).ToString(),
        // The history is dated in the past (End): with the default TTLs the engine would drop the raw rows on insert
        // and the raw scan would read nothing.
        ["Ttl:LandingEvents"] = "0.00:00:00",
        ["Ttl:LatencySamples"] = "0.00:00:00",
        ["Ttl:RollupArm5m"] = "0.00:00:00",
        ["Ttl:RollupOpe5m"] = "0.00:00:00",
        ["Ttl:RollupLatency5m"] = "0.00:00:00",
    };

    /// <summary>Runs the bench in <paramref name="session"/> (opened with <see cref="Settings"/>).</summary>
    public static async Task<Result> RunAsync(JobSession session, double days, double sendsPerSecond, bool reload,
        Action<string> log, CancellationToken ct)
    {
        var db = session.Store.Db;
        var options = new SimulationOptions
        {
            Days = days,
            SendsPerSecond = sendsPerSecond,
            Seed = 30,
            End = End,
            ProbeInterval = TimeSpan.FromMinutes(10),
        };
        options.Validate();
        var expected = days * 86_400 * sendsPerSecond;
        var rows = await db.ScalarAsync<long>("SELECT count() FROM landing_events", null, ct);
        // A history loaded before the OPE rollup existed (migration 7) has none: load again.
        var opeRows = await db.ScalarAsync<long>("SELECT count() FROM rollup_ope_5m", null, ct);
        var reused = !reload && opeRows > 0 && Math.Abs(rows - expected) < 6 * Math.Sqrt(expected) + 1;
        var load = TimeSpan.Zero;
        if (!reused)
        {
            foreach (var t in new[] { "landing_events", "latency_samples", "rollup_arm_5m", "rollup_ope_5m",
                                      "rollup_latency_5m" })
                await db.ExecuteAsync($"TRUNCATE TABLE {t}", null, ct);
            log($"loading {expected:N0} rows ({days} days at {sendsPerSecond}/s) into {Database} ...");
            var clock = Stopwatch.StartNew();
            var result = await HistoryLoader.LoadAsync(db, options, DateTime.UtcNow, (done, total) =>
            {
                if (done % 10_000_000 < 400_000) log($"  {done:N0} / {total:N0} rows");
            }, ct: ct);
            load = clock.Elapsed;
            rows = result.LandingRows;
        }
        var rollupRows = await db.ScalarAsync<long>("SELECT count() FROM rollup_arm_5m", null, ct);

        var job = new BanditJob();
        JobOutcome outcome = null!;
        var jobTimes = new List<TimeSpan>();
        var rollupTimes = new List<TimeSpan>();
        var opeTimes = new List<TimeSpan>();
        var scanTimes = new List<TimeSpan>();
        var window = QueryWindow.Ending(End, TimeSpan.FromDays(days));
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            outcome = await JobRunner.RunAsync(job, session.Context("bench", log, utcNow: End), ct);
            jobTimes.Add(clock.Elapsed);
            clock.Restart();
            await BanditQueries.ArmWeightedSumsAsync(db, window, new BanditJobOptions().Model.HalfLife, false, ct);
            rollupTimes.Add(clock.Elapsed);
            clock.Restart();
            await BanditQueries.DecisionSumsAsync(db, QueryWindow.Ending(End, new BanditJobOptions().OpeSlice),
                false, ct);
            opeTimes.Add(clock.Elapsed);
            clock.Restart();
            await db.ExecuteAsync("SELECT route, tip_arm, landed, payoff_sol FROM landing_events FORMAT Null",
                null, ct);
            scanTimes.Add(clock.Elapsed);
        }
        return new Result(rows, rollupRows, load, reused, Median(jobTimes), Median(rollupTimes), Median(opeTimes),
            Median(scanTimes), outcome, days, sendsPerSecond, LoadAverage());
    }

    // Other work on the machine shares its cores with the engine: the figures are read beside it.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);
}
