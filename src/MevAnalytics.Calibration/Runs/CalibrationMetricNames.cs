namespace MevAnalytics.Calibration.Runs;

/// <summary>
/// Names of the calibration run's headline metrics (<see cref="CalibrationFitResult.Metrics"/>, the manifest and
/// <c>job_runs.metrics</c>): the one place each name is spelt, for the fitter that writes them and every reader.
/// </summary>
public static class CalibrationMetricNames
{
    /// <summary>Holdout ECE (equal mass) of the raw score, global segment.</summary>
    public const string HoldoutEceBefore = "holdout_ece_before";

    /// <summary>Holdout ECE (equal mass) of the fitted global curve.</summary>
    public const string HoldoutEceAfter = "holdout_ece_after";

    /// <summary>Holdout ECE (equal width) of the fitted global curve.</summary>
    public const string HoldoutEceWidthAfter = "holdout_ece_width_after";

    /// <summary>Holdout log loss of the raw score.</summary>
    public const string HoldoutLogLossBefore = "holdout_logloss_before";

    /// <summary>Holdout log loss of the fitted global curve.</summary>
    public const string HoldoutLogLossAfter = "holdout_logloss_after";

    /// <summary>Holdout Brier score of the fitted global curve.</summary>
    public const string HoldoutBrierAfter = "holdout_brier_after";

    /// <summary>Holdout sends (weight) of the global segment.</summary>
    public const string HoldoutSends = "holdout_n";

    /// <summary>Holdout mean absolute error of the raw EV estimate.</summary>
    public const string EvMaeBefore = "ev_mae_before";

    /// <summary>Holdout mean absolute error of the fitted EV curve.</summary>
    public const string EvMaeAfter = "ev_mae_after";

    /// <summary>Holdout bias (realized - predicted) of the fitted EV curve.</summary>
    public const string EvBiasAfter = "ev_bias_after";

    /// <summary>Segments fitted, both targets.</summary>
    public const string Segments = "segments";

    /// <summary>RMS distance of the global p_land fit from the true curve (simulated data only).</summary>
    public const string TruthRms = "truth_rms";

    /// <summary>Largest distance of the global p_land fit from the true curve (simulated data only).</summary>
    public const string TruthMaxAbs = "truth_max_abs";

    /// <summary>Bad rows skipped (with SkipBadRows).</summary>
    public const string BadRowsSkipped = "bad_rows_skipped";
}
