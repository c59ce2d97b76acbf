namespace MevAnalytics.Calibration.Samples;

/// <summary>What a curve calibrates; the value is the snapshot's <c>target</c> column.</summary>
public enum CalibrationTarget
{
    /// <summary>Landing probability: x = p_land_est, y = landed.</summary>
    PLand = 0,

    /// <summary>Expected value: x = ev_est_sol, y = payoff_sol; LUT keys prefixed
    /// <see cref="CalibrationSample.EvKeyPrefix"/>.</summary>
    Ev = 1,
}
