using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// A scheduled batch job (calibrate, bandit, latency, phase, report, retention). Hangfire, the CLI and notebooks all
/// call it through <see cref="JobRunner"/>; a job reads as a short pipeline: query, fit, evaluate, gate, publish.
/// </summary>
public interface IAnalyticsJob
{
    /// <summary>Name used in schedules, <c>mev run NAME</c> and <c>job_runs</c>.</summary>
    string Name { get; }

    /// <summary>One line for help and the dashboard.</summary>
    string Description { get; }

    Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct);

    /// <summary>Roles of the landing source the job cannot run without under <paramref name="settings"/>
    /// (docs/sources.md); none by default.</summary>
    IReadOnlyList<string> LandingRoles(JobSettings settings) => [];

    /// <summary>The options the job runs with under <paramref name="settings"/>, as configuration keys and values
    /// (<see cref="RunParameters"/>); none by default.</summary>
    Dictionary<string, string> Parameters(JobSettings settings) => new(StringComparer.Ordinal);
}
