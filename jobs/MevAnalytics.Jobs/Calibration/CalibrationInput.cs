namespace MevAnalytics.Jobs.Calibration;

/// <summary>What the calibrate job reads: the rows (or buckets) of its window or file, and the true curves when the
/// data is simulated and <c>Calibration:GroundTruth</c> names the simulation's ground truth.</summary>
public sealed record CalibrationInput(CalibrationDataSet Data, GroundTruthCurves? Truth);
