namespace MevAnalytics.Calibration.Holdout;

/// <summary>Holdout log loss and equal-mass ECE of a table looked up like the runtime does (the gate's
/// inputs).</summary>
public sealed record TableScore(double LogLoss, double Ece);
