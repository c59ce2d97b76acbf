using MevAnalytics.Calibration.Holdout;

namespace MevAnalytics.Calibration.Runs;

/// <summary>The pure part of a calibration run: both targets fitted and evaluated.</summary>
/// <param name="PLand">The p_land fit, null without p_land rows.</param>
/// <param name="Ev">The EV fit, null without EV rows.</param>
/// <param name="RowsUsed">Training samples of the global segment (p_land's, else EV's): the table's rows_used.</param>
/// <param name="Metrics">Key holdout numbers for the manifest and job_runs.</param>
/// <param name="Truth">Distance of the global fits from the true curves, when those are known.</param>
public sealed record CalibrationFitResult(TargetFit? PLand, TargetFit? Ev, long RowsUsed,
    IReadOnlyDictionary<string, double> Metrics, TruthDistance? Truth)
{
    /// <summary>The fitted targets, p_land first.</summary>
    public IEnumerable<TargetFit> Targets => new[] { PLand, Ev }.OfType<TargetFit>();
}
