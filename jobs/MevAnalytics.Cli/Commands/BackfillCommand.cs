using System.CommandLine;
using System.Globalization;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Data.Sources;
using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev backfill --from T --to T</c>: recomputes the 5-minute rollups of whole UTC days from their
/// source.</summary>
public static class BackfillCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            Description = "Start, UTC ISO-8601; its whole day is recomputed.",
            Required = true,
        };
        var to = new Option<string>("--to")
        {
            Description = "End (exclusive), UTC ISO-8601; its day is recomputed too.",
            Required = true,
        };
        var command = new Command("backfill",
            "Recompute the 5-minute rollups from the configured sources for whole UTC days (idempotent: each day " +
            "partition is replaced, never added to). Fills history a mapped table held before its views existed.")
        {
            from, to,
        };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var start = Parse("--from", parse.GetValue(from)!);
            var end = Parse("--to", parse.GetValue(to)!);
            await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
            await store.MigrateAsync(CliConsole.Info, token);
            var days = await CliConsole.WithProgressAsync("backfill", progress =>
                RollupBackfill.RunAsync(store.Db, store.Layout, store.Sources, start, end, CliConsole.Info, progress,
                    token));
            Console.WriteLine($"backfill: {days.Count(d => d.Replaced)} day partitions recomputed, " +
                              $"{days.Count(d => !d.Replaced)} without source rows left as they were");
            return 0;
        }, ct));
        return command;
    }

    private static DateTime Parse(string option, string text)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            throw new ArgumentException($"{option} '{text}' is not an ISO-8601 time.");
        return DateTime.SpecifyKind(t, DateTimeKind.Utc);
    }
}
