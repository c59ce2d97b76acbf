namespace MevAnalytics.Calibration.Holdout;

/// <summary>Distance of the fitted global curves from the true ones over the holdout score distribution.</summary>
/// <param name="Path">Where the true curves came from.</param>
/// <param name="PLandRms">Weighted RMS of fitted minus true p_land.</param>
/// <param name="PLandMaxAbs">Largest |fitted - true| p_land.</param>
/// <param name="EvRms">Weighted RMS of fitted minus true EV, when EV was fitted.</param>
/// <param name="EvMaxAbs">Largest |fitted - true| EV.</param>
/// <param name="RawScoreRms">Weighted RMS of the raw score minus true p_land (what the fit improves on).</param>
public sealed record TruthDistance(string Path, double PLandRms, double PLandMaxAbs, double? EvRms, double? EvMaxAbs,
    double RawScoreRms);
