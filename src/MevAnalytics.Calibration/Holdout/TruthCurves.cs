namespace MevAnalytics.Calibration.Holdout;

/// <summary>The true curves of simulated data (known only there), to measure how far the fits are from them.</summary>
/// <param name="Source">Where they came from (a ground-truth file), for the summary.</param>
/// <param name="PLand">True landing probability at a raw score.</param>
/// <param name="Ev">True expected payoff at an EV estimate.</param>
public sealed record TruthCurves(string Source, Func<double, double> PLand, Func<double, double> Ev);
