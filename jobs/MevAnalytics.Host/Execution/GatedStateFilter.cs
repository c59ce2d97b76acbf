using Hangfire.States;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// Turns the Succeeded state of a gated or unavailable run into <see cref="GatedState"/>: <see cref="HangfireJobEntry"/>
/// returns <c>gated: reason</c> or <c>unavailable: reason</c> for those, and that result is the only place the outcome
/// reaches Hangfire.
/// </summary>
public sealed class GatedStateFilter : IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not SucceededState { Result: string result }) return;
        if (result.StartsWith(HangfireJobEntry.GatedPrefix, StringComparison.Ordinal))
            context.CandidateState = new GatedState(result[HangfireJobEntry.GatedPrefix.Length..]);
        else if (result.StartsWith(HangfireJobEntry.UnavailablePrefix, StringComparison.Ordinal))
            context.CandidateState = new GatedState(result[HangfireJobEntry.UnavailablePrefix.Length..], unavailable: true);
    }
}
