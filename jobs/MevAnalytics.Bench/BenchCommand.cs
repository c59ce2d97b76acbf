using System.CommandLine;
using System.Globalization;
using MevAnalytics.Bench.Bandit;
using MevAnalytics.Bench.Calibration;
using MevAnalytics.Bench.Cluster;
using MevAnalytics.Bench.Ingest;
using MevAnalytics.Cli.Commands;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Bench;

/// <summary><c>mev bench …</c>: end-to-end benchmarks that print ratios against peers measured in the same
/// run.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "End-to-end benchmarks (each prints its numbers and ratios).");
        command.Subcommands.Add(Ingest());
        command.Subcommands.Add(Bandit());
        command.Subcommands.Add(Calibrate());
        command.Subcommands.Add(Cluster());
        command.Subcommands.Add(Host());
        return command;
    }

    private static Command Ingest()
    {
        var rows = CliOptions.Positive("--rows", "Landing rows to load.", 4_000_000);
        var command = new Command("ingest",
            "Bulk-load speed of landing events into ClickHouse over two streams (target >= 1.5 M rows/s).") { rows };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
            var result = await IngestBench.RunAsync(store, parse.GetValue(rows), CliConsole.Info, token);
            foreach (var line in result.Lines()) Console.WriteLine(line);
            return 0;
        }, ct));
        return command;
    }

    private static Command Host()
    {
        var parallel = CliOptions.Positive("--parallel", "Requests in flight at once.", 100);
        var rounds = CliOptions.Positive("--rounds", "Rounds of parallel requests per endpoint.", 20);
        var command = new Command("host",
            "/healthz and /metrics of a real host under parallel requests (targets p99 <= 50 ms and <= 200 ms at " +
            "100), beside the same reads done in each request.") { parallel, rounds };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var result = await Bench.Host.HostBench.RunAsync(parse.GetValue(parallel), parse.GetValue(rounds),
                CliConsole.Info, token);
            foreach (var line in result.Lines()) Console.WriteLine(line);
            return 0;
        }, ct));
        return command;
    }

    private static Command Cluster()
    {
        var shards = CliOptions.Positive("--shards", "Shards of the local cluster.", 3);
        var rows = CliOptions.Positive("--rows", "Simulated sends loaded on both sides.", 5_000_000);
        var command = new Command("cluster",
            "The same history on one engine and on a local cluster: push-down calibrate and bandit timed on both, " +
            "with the rows each shard scanned and sent to the initiator (system.query_log).") { shards, rows };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var result = await ClusterBench.RunAsync(parse.GetValue(shards), parse.GetValue(rows),
                CliConsole.Info, token);
            foreach (var line in result.Lines()) Console.WriteLine(line);
            return 0;
        }, ct));
        return command;
    }

    private static Command Bandit()
    {
        var days = CliOptions.Positive("--days", "Days of history (30 days at 100 sends/s is ~260 M rows).", 30.0);
        var rate = CliOptions.Positive("--sends-per-second", "Simulated sends per second.", 100.0);
        var reload = new Option<bool>("--reload")
        {
            Description = "Regenerate the history even when one of the right size is loaded.",
        };
        var command = new Command("bandit",
            "Time the bandit job (rollups only) beside a raw-table scan, in database mev_bench.")
        {
            days, rate, reload,
        };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var d = parse.GetValue(days);
            await using var session = await Jobs.Running.JobSession.OpenAsync(
                MevConfiguration.Build(BanditBench.Settings(d)), CliConsole.Info, token);
            var result = await BanditBench.RunAsync(session, d, parse.GetValue(rate), parse.GetValue(reload),
                CliConsole.Info, token);
            foreach (var line in result.Lines()) Console.WriteLine(line);
            return 0;
        }, ct));
        return command;
    }

    /// <summary>
    /// <c>mev bench calibrate</c>: exact fits at 1 M and 10 M rows beside scikit-learn and ML.NET (ratios, equal
    /// output), or with <c>--pushdown-rows N</c> the push-down job on N rows against the engine's own scan.
    /// </summary>
    private static Command Calibrate()
    {
        var rows = new Option<string>("--rows")
        {
            Description = "Comma-separated row counts of the exact fits.",
            DefaultValueFactory = _ => "1000000,10000000",
        };
        var noPeers = new Option<bool>("--no-peers")
        {
            Description = "Time only our fit (skip scikit-learn and ML.NET).",
        };
        var pushdown = new Option<long?>("--pushdown-rows")
        {
            Description = "Instead: push-down job vs engine scan on this many synthetic rows.",
        };
        var command = new Command("calibrate", "Exact isotonic fit vs scikit-learn and ML.NET, or push-down job vs " +
                                               "engine scan.") { rows, noPeers, pushdown };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            if (parse.GetValue(pushdown) is { } n)
            {
                if (n < 1) throw new ArgumentException($"--pushdown-rows must be positive (got {n}).");
                await using var store =
                    await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
                var connection = store.Engine?.ConnectionString() ?? store.Options.ConnectionString!;
                var result = await PushDownBenchRun.RunAsync(connection, n, CliConsole.Info, token);
                foreach (var line in result.Lines()) Console.WriteLine(line);
                return 0;
            }
            var sizes = parse.GetValue(rows)!
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                    ? v : throw new ArgumentException($"--rows '{s}' is not a positive integer.")).ToArray();
            var script = FindScript("scripts/sklearn/isotonic_bench.py");
            var lines = await IsotonicBenchRun.RunAsync(sizes, script, !parse.GetValue(noPeers),
                CliConsole.Info, token);
            foreach (var line in IsotonicBenchRun.Format(lines)) Console.WriteLine(line);
            return 0;
        }, ct));
        return command;
    }

    // The script lives in the repository; look upwards from the working directory and from the program.
    private static string FindScript(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, relative)))
                    return Path.Combine(dir.FullName, relative);
        return relative;
    }
}
