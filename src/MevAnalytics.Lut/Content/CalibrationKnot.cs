namespace MevAnalytics.Lut;

/// <summary>One point of a fitted (piecewise-linear) calibration curve.</summary>
/// <param name="X">Raw score.</param>
/// <param name="Y">Calibrated probability.</param>
public readonly record struct CalibrationKnot(double X, double Y);
