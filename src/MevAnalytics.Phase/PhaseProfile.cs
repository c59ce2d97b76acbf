using MevAnalytics.Fitting;

namespace MevAnalytics.Phase;

/// <summary>Observed and modelled landing rate of sends whose phase falls in [StartMs, StartMs + width).</summary>
public sealed record PhaseBin(double StartMs, long Samples, long Lands, double LandingRate, double ModelRate);

/// <summary>
/// Logistic cut-off model P(land | phase) = Plateau x sigmoid((CutoffMs - phase) / ScaleMs), fitted by maximum likelihood.
/// </summary>
/// <param name="PlateauRate">Landing rate of early sends.</param>
/// <param name="CutoffMs">Phase at which the landing rate is half the plateau (the leader's cut-off), ms.</param>
/// <param name="ScaleMs">Logistic scale s (the spread of the cut-off): the rate falls from 73% to 27% of the plateau over 2s, ms.</param>
/// <param name="CutoffStdErrMs">Standard error of <see cref="CutoffMs"/> from the observed information; the slot length when not identifiable.</param>
/// <param name="RecommendedOffsetMs">Latest phase still landing at TargetLandingFraction of the plateau, clamped to the slot, ms.</param>
public sealed record CutoffFit(double PlateauRate, double CutoffMs, double ScaleMs, double CutoffStdErrMs, double RecommendedOffsetMs);

/// <summary>
/// Parameters for the runtime's per-leader Kalman filter on landing time (phase + land latency, ms), a local-level
/// model y = x + v, v ~ N(0, R); x' = x + w, w ~ N(0, Q dt) with dt in seconds, fitted by maximum likelihood.
/// </summary>
/// <param name="InitialStateMs">Filtered level at the last observation: the runtime's warm start.</param>
/// <param name="InitialVarianceMs2">Filtered variance at the last observation (the runtime adds Q x elapsed seconds).</param>
/// <param name="ProcessNoiseMs2PerSecond">Q: variance of level drift per second.</param>
/// <param name="MeasurementNoiseMs2">R: variance of a single landing time around the level.</param>
/// <param name="Observations">Observations used in the fit (0 for a fallback without any).</param>
/// <param name="LastObservation">Time of the last observation (default when none).</param>
public sealed record KalmanParameters(double InitialStateMs, double InitialVarianceMs2, double ProcessNoiseMs2PerSecond,
    double MeasurementNoiseMs2, int Observations, DateTime LastObservation);

/// <summary>Phase statistics of one leader (or the global profile, Leader "*").</summary>
/// <param name="Leader">Leader identity.</param>
/// <param name="Samples">Valid samples of this leader.</param>
/// <param name="Lands">Landed samples.</param>
/// <param name="CutoffIsFallback">True when the leader had fewer than MinSamples and <see cref="Cutoff"/> is the global one.</param>
/// <param name="Cutoff">Cut-off model.</param>
/// <param name="Bins">The leader's own observed rates per bin, with the model's rate at the bin centre.</param>
/// <param name="KalmanIsFallback">True when the leader had too few landing times and <see cref="Kalman"/> is global.</param>
/// <param name="Kalman">Kalman filter parameters.</param>
public sealed record LeaderPhaseProfile(string Leader, long Samples, long Lands, bool CutoffIsFallback, CutoffFit Cutoff,
    IReadOnlyList<PhaseBin> Bins, bool KalmanIsFallback, KalmanParameters Kalman);

/// <summary>Output of PhaseAnalysis.Analyze: leaders in ordinal order, the global profile and skipped samples.</summary>
public sealed record PhaseAnalysisResult(IReadOnlyList<LeaderPhaseProfile> Leaders, LeaderPhaseProfile Global, SkipTally Skipped);
