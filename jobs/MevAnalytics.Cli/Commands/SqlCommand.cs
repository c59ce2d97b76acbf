using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev sql QUERY</c>: runs an operator's query against the configured store and prints TSV.</summary>
public static class SqlCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query")
        {
            Description = "SQL to run, e.g. \"SELECT count() FROM landing_events\".",
        };
        var command = new Command("sql", "Run a query against the analytics database and print the rows as TSV.")
        {
            query,
        };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
            var rows = await store.Db.QueryAsync(parse.GetValue(query)!, null, r =>
            {
                var values = new string[r.FieldCount];
                for (var i = 0; i < values.Length; i++)
                    values[i] = r.IsDBNull(i)
                        ? "\\N"
                        : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                return string.Join('\t', values);
            }, token);
            foreach (var row in rows) Console.WriteLine(row);
            return 0;
        }, ct));
        return command;
    }
}
