using System.CommandLine;
using System.Text.RegularExpressions;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev sql QUERY [--format F]</c>: runs an operator's query against the configured store and prints
/// ClickHouse's own answer (TSVWithNames by default, times in ISO 8601), so tools can read it.</summary>
public static partial class SqlCommand
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex FormatName();

    public static Command Create()
    {
        var query = new Argument<string>("query")
        {
            Description = "SQL to run, e.g. \"SELECT count() FROM landing_events\".",
        };
        var format = new Option<string>("--format")
        {
            Description = "A ClickHouse output format: TSVWithNames (default), CSVWithNames, CSV, JSONEachRow, " +
                          "Pretty, Vertical, Markdown, ... A FORMAT clause in the query wins.",
            DefaultValueFactory = _ => "TSVWithNames",
        };
        var command = new Command("sql",
            "Run a query against the analytics database and print ClickHouse's answer (TSV with a header by " +
            "default).")
        {
            query, format,
        };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var name = parse.GetValue(format)!;
            if (!FormatName().IsMatch(name))
                throw new ArgumentException($"--format '{name}' is not a ClickHouse format name.");
            await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
            await using var stdout = Console.OpenStandardOutput();
            await store.Db.CopyResultAsync(parse.GetValue(query)!, name, stdout, token);
            return 0;
        }, ct));
        return command;
    }
}
