using System.CommandLine;
using System.Text.Json;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Engine;

namespace MevAnalytics.Cli.Terminal;

/// <summary>Runs a command body and turns failures into one line on stderr, <c>error: …</c>,
/// and exit code 1.</summary>
public static class CommandAction
{
    /// <summary>Runs <paramref name="body"/>; an anticipated failure is one <c>error:</c> line and exit 1.</summary>
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken ct)
    {
        try
        {
            return await body(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.Error.WriteLine("error: cancelled");
            return 130;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EngineStartException
                                      or ClickHouseUnavailableException or IOException or TimeoutException
                                      or FormatException or UnauthorizedAccessException or NotSupportedException
                                      or KeyNotFoundException or InvalidDataException or JsonException
                                      or ClickHouse.Driver.ClickHouseServerException
                                      or MevAnalytics.Lut.LutFormatException)
        {
            Console.Error.WriteLine($"error: {OneLine(MevAnalytics.Jobs.Running.ErrorText.Of(e))}");
            if (Environment.GetEnvironmentVariable("MEV_DEBUG") == "1") Console.Error.WriteLine(e);
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not a failure we anticipated: still one line that starts with "error:", with the type to report it by.
            Console.Error.WriteLine($"error: {e.GetType().Name}: {OneLine(e.Message)} (MEV_DEBUG=1 prints the stack)");
            if (Environment.GetEnvironmentVariable("MEV_DEBUG") == "1") Console.Error.WriteLine(e);
            return 1;
        }
    }

    /// <summary>Runs a synchronous <paramref name="body"/> that prints to the invocation's output.</summary>
    public static Task<int> Run(ParseResult parse, CancellationToken ct, Func<TextWriter, int> body) =>
        RunAsync(_ => Task.FromResult(body(parse.InvocationConfiguration.Output)), ct);

    private static string OneLine(string s) =>
        string.Join(' ', s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
