using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Execution;

/// <summary>How a run that did not fail ended, as Hangfire keeps it (the job's result in the dashboard): its status
/// as <c>job_runs</c> names it (<c>published</c>, <c>gated</c>, <c>completed</c>, <c>unavailable</c>), the one line for
/// people, and the version published, if any.</summary>
public sealed record HangfireRunResult(string Status, string Summary, string? LutVersion)
{
    /// <summary>The result of <paramref name="outcome"/>.</summary>
    public static HangfireRunResult Of(JobOutcome outcome) =>
        new(outcome.StatusName, outcome.Summary, outcome.LutVersion);

    /// <summary>True when the run ended with <paramref name="status"/>.</summary>
    public bool Is(JobStatus status) => Status == JobOutcome.NameOf(status);
}
