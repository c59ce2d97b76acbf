using Hangfire.States;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// Turns the Succeeded state of a gated run into <see cref="GatedState"/>: <see cref="HangfireJobEntry"/> returns
/// <c>gated: reason</c> for those, and that result is the only place the outcome reaches Hangfire.
/// </summary>
public sealed class GatedStateFilter : IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is SucceededState { Result: string result } && result.StartsWith(HangfireJobEntry.GatedPrefix, StringComparison.Ordinal))
            context.CandidateState = new GatedState(result[HangfireJobEntry.GatedPrefix.Length..]);
    }
}
