using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Cli.Terminal;

/// <summary>Prints a job outcome: one status line on stdout, the outputs, and the reason on stderr when it
/// failed.</summary>
public static class JobReport
{
    public static void Print(string job, JobOutcome outcome)
    {
        var line = $"{job}: {outcome.StatusName}" +
                   (outcome.LutVersion is { } v ? $" (version {v})" : "") + $": {outcome.Summary}";
        if (outcome.Status == JobStatus.Failed) Console.Error.WriteLine("error: " + line);
        else Console.WriteLine(line);
        foreach (var output in outcome.Outputs) Console.WriteLine($"  {output}");
    }
}
