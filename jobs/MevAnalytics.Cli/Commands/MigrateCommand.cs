using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev migrate</c>: applies pending schema migrations.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending schema migrations (idempotent).");
        command.SetAction((_, ct) => CommandAction.RunAsync(async token =>
        {
            await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
            var outcome = await store.MigrateAsync(CliConsole.Info, token);
            Console.WriteLine(outcome.Applied.Count == 0
                ? $"schema is up to date ({outcome.AlreadyApplied.Count} migrations applied earlier)"
                : $"applied migrations {string.Join(", ", outcome.Applied)}; " +
                  $"{outcome.AlreadyApplied.Count} were applied earlier");
            return 0;
        }, ct));
        return command;
    }
}
