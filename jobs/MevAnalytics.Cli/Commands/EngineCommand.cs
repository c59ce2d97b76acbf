using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev engine</c>: runs the embedded engine in the foreground so that notebooks and other commands attach
/// to it.</summary>
public static class EngineCommand
{
    public static Command Create()
    {
        var command = new Command("engine",
            "Run the embedded ClickHouse engine until interrupted; other mev processes attach to it.");
        command.SetAction((_, ct) => CommandAction.RunAsync(async token =>
        {
            await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
            if (store.Engine is null)
            {
                Console.Error.WriteLine(
                    "error: ClickHouse:ConnectionString is configured, so there is no embedded engine to run");
                return 1;
            }
            await store.MigrateAsync(CliConsole.Info, token);
            Console.WriteLine($"http://127.0.0.1:{store.Engine.Port}  " +
                              $"(connection string: {store.Engine.ConnectionString("mev")})");
            Console.WriteLine("press Ctrl+C to stop");
            try
            {
                // The engine is a process of its own: if it dies, say so and fail instead of serving nothing.
                while (store.Engine.IsRunning) await Task.Delay(TimeSpan.FromSeconds(1), token);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            Console.Error.WriteLine($"error: the embedded ClickHouse engine on 127.0.0.1:{store.Engine.Port} " +
                                    "exited; its data is kept, run `mev engine` again to restart it");
            return 1;
        }, ct));
        return command;
    }
}
