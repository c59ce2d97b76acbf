using Hangfire.States;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// Turns the Succeeded state of a gated or unavailable run into <see cref="GatedState"/>: the run's
/// <see cref="HangfireRunResult"/> (what <see cref="HangfireJobEntry"/> returns) says how it ended.
/// </summary>
public sealed class GatedStateFilter : IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not SucceededState { Result: HangfireRunResult result }) return;
        if (result.Is(JobStatus.Gated) || result.Is(JobStatus.Unavailable))
            context.CandidateState = new GatedState(result.Summary, unavailable: result.Is(JobStatus.Unavailable));
    }
}
