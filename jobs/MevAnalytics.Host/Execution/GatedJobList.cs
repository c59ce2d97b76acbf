using Hangfire.States;
using Hangfire.Storage;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// Keeps the ids of runs that ended <see cref="GatedState"/> (Gated or Unavailable) in a Hangfire list, newest first,
/// so the dashboard can list them (<see cref="GatedJobsPage"/>): Hangfire's monitoring API lists only its own
/// states. A job leaving the state (requeued, deleted) leaves the list; at most <see cref="Capacity"/> are kept.
/// </summary>
public sealed class GatedJobList : IApplyStateFilter
{
    /// <summary>Hangfire list key.</summary>
    public const string Key = "mev:gated";

    /// <summary>Entries kept.</summary>
    public const int Capacity = 500;

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is not GatedState) return;
        transaction.InsertToList(Key, context.BackgroundJob.Id);
        transaction.TrimList(Key, 0, Capacity - 1);
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.OldStateName is GatedState.StateName or GatedState.UnavailableStateName)
            transaction.RemoveFromList(Key, context.BackgroundJob.Id);
    }
}
