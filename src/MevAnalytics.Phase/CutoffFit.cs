using MevAnalytics.Fitting;

namespace MevAnalytics.Phase;

/// <summary>
/// Logistic cut-off model P(land | phase) = Plateau x sigmoid((CutoffMs - phase) / ScaleMs), fitted by
/// maximum likelihood.
/// </summary>
/// <param name="PlateauRate">Landing rate of early sends.</param>
/// <param name="CutoffMs">Phase at which the landing rate is half the plateau (the leader's cut-off), ms.</param>
/// <param name="ScaleMs">Logistic scale s (the spread of the cut-off): the rate falls from 73% to 27% of the plateau
/// over 2s, ms.</param>
/// <param name="CutoffStdErrMs">Standard error of <see cref="CutoffMs"/> from the observed information; the slot length
/// when not identifiable.</param>
/// <param name="RecommendedOffsetMs">Latest phase still landing at TargetLandingFraction of the plateau, clamped to the
/// slot, ms.</param>
public sealed record CutoffFit(
    double PlateauRate, double CutoffMs, double ScaleMs, double CutoffStdErrMs, double RecommendedOffsetMs);
