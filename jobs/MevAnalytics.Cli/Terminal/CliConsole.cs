using Spectre.Console;

namespace MevAnalytics.Cli.Terminal;

/// <summary>
/// Console output of the CLI: status lines to stderr (stdout stays clean for results), and progress bars that turn
/// into plain lines when output is redirected (cron, CI, notebooks).
/// </summary>
public static class CliConsole
{
    private static readonly IAnsiConsole Err =
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>True when stderr is not a terminal.</summary>
    public static bool Redirected => Console.IsErrorRedirected;

    /// <summary>A status line, e.g. "started the embedded engine".</summary>
    public static void Info(string message)
    {
        if (Redirected) Console.Error.WriteLine(message);
        else Err.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
    }

    /// <summary>Runs <paramref name="work"/> with a progress bar fed with a fraction in [0, 1].</summary>
    public static async Task<T> WithProgressAsync<T>(string title, Func<Action<double>, Task<T>> work)
    {
        if (Redirected)
        {
            var last = DateTime.MinValue;
            var lastPercent = -1;
            var result = await work(fraction =>
            {
                var percent = (int)Math.Clamp(fraction * 100, 0, 100);
                lock (title)
                {
                    if (percent == lastPercent || (DateTime.UtcNow - last < TimeSpan.FromSeconds(1) && percent < 100))
                        return;
                    last = DateTime.UtcNow;
                    lastPercent = percent;
                }
                Console.Error.WriteLine($"{title}: {percent}%");
            });
            return result;
        }
        T value = default!;
        await Err.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(title, maxValue: 1.0);
                value = await work(f => task.Value = Math.Clamp(f, 0, 1));
                task.Value = 1.0;
            });
        return value;
    }
}
