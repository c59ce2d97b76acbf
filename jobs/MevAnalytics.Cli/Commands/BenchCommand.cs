using System.CommandLine;
using MevAnalytics.Bench.Bandit;
using MevAnalytics.Bench.Cluster;
using MevAnalytics.Bench.Ingest;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev bench …</c>: end-to-end benchmarks that print ratios against peers measured in the same run.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "End-to-end benchmarks (each prints its numbers and ratios).");
        command.Subcommands.Add(Ingest());
        command.Subcommands.Add(Bandit());
        command.Subcommands.Add(CalibrateCommand.CreateBench());
        command.Subcommands.Add(Cluster());
        return command;
    }

    private static Command Ingest()
    {
        var rows = CliOptions.Positive("--rows", "Landing rows to load.", 4_000_000);
        var command = new Command("ingest", "Bulk-load speed of landing events into ClickHouse over two streams (target >= 1.5 M rows/s).") { rows };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
            var result = await IngestBench.RunAsync(store, parse.GetValue(rows), CliConsole.Info, token);
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
            "The same history on one engine and on a local cluster: push-down calibrate and bandit timed on both, with the " +
            "rows each shard scanned and sent to the initiator (system.query_log).") { shards, rows };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var result = await ClusterBench.RunAsync(parse.GetValue(shards), parse.GetValue(rows), CliConsole.Info, token);
            foreach (var line in result.Lines()) Console.WriteLine(line);
            return 0;
        }, ct));
        return command;
    }

    private static Command Bandit()
    {
        var days = CliOptions.Positive("--days", "Days of history (30 days at 100 sends/s is ~260 M rows).", 30.0);
        var rate = CliOptions.Positive("--sends-per-second", "Simulated sends per second.", 100.0);
        var reload = new Option<bool>("--reload") { Description = "Regenerate the history even when one of the right size is loaded." };
        var command = new Command("bandit", "Time the bandit job (rollups only) beside a raw-table scan, in database mev_bench.") { days, rate, reload };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var d = parse.GetValue(days);
            await using var session = await MevAnalytics.Jobs.Running.JobSession.OpenAsync(
                MevConfiguration.Build(BanditBench.Settings(d)), CliConsole.Info, token);
            var result = await BanditBench.RunAsync(session, d, parse.GetValue(rate), parse.GetValue(reload), CliConsole.Info, token);
            foreach (var line in result.Lines()) Console.WriteLine(line);
            return 0;
        }, ct));
        return command;
    }
}
