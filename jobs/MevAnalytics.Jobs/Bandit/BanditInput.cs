using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>What the bandit job reads: the arms' evidence of the window (decay-weighted sums per arm, or the rollup
/// rows per arm and bucket when the job decays them), and the logged decisions of the off-policy slice as per-action
/// sums (null when the source maps no propensity, with the reason).</summary>
/// <param name="Window">The window of the arm evidence.</param>
/// <param name="Sums">Decay-weighted sums per arm (decay in ClickHouse), or null.</param>
/// <param name="Rollup">Rollup rows per arm and bucket (decay in the job), or null.</param>
/// <param name="Sends">Sends in the valid buckets.</param>
/// <param name="Slice">The off-policy slice.</param>
/// <param name="Logged">Per-action sums of the slice's decisions, or null.</param>
/// <param name="NoOffPolicy">Why there are no logged decisions to evaluate, or null.</param>
public sealed record BanditInput(QueryWindow Window, IReadOnlyList<ArmWeightedSums>? Sums,
    IReadOnlyList<ArmRollupRow>? Rollup, long Sends, QueryWindow Slice, LoggedDecisionSums? Logged,
    string? NoOffPolicy)
{
    /// <summary>Rows of arm evidence ClickHouse returned.</summary>
    public long EvidenceRows => Sums?.Count ?? Rollup?.Count ?? 0;

    /// <summary>Rows ClickHouse returned: arm evidence and action sums.</summary>
    public long RowsRead => EvidenceRows + (Logged?.Arms.Count ?? 0);

    /// <summary>The arms decayed to the window's end (pure).</summary>
    public ArmDecayResult Decay(BanditOptions model) => Sums is not null
        ? ArmDecay.FromWeightedSums(Sums, Window.To, model)
        : ArmDecay.Decay(Rollup ?? [], Window.To, model);
}
