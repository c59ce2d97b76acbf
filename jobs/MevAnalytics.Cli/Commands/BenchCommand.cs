using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Benchmarks;
using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev bench …</c>: end-to-end benchmarks that print ratios against peers measured in the same run.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "End-to-end benchmarks (each prints its numbers and ratios).");
        command.Subcommands.Add(Ingest());
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
}
