namespace MevAnalytics.Simulation.Market;

/// <summary>
/// A slot leader: sends land only when they reach it before its cut-off within the 400 ms slot, modelled as
/// P(phase ok) = sigmoid((CutoffMs - phase) / SoftnessMs). Some leaders change their cut-off mid-history.
/// </summary>
public sealed record LeaderProfile(
    string Id,
    string Group,
    double CutoffMs,
    double SoftnessMs,
    double Logit,
    double? CutoffAfterChangeMs,
    DateTime? ChangeAt)
{
    /// <summary>The cut-off in force at <paramref name="t"/>.</summary>
    public double CutoffAt(DateTime t) => ChangeAt is { } at && t >= at ? CutoffAfterChangeMs!.Value : CutoffMs;
}
