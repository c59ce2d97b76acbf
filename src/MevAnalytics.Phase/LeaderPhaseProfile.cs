using MevAnalytics.Fitting;

namespace MevAnalytics.Phase;

/// <summary>Phase statistics of one leader (or the global profile, Leader "*").</summary>
/// <param name="Leader">Leader identity.</param>
/// <param name="Samples">Valid samples of this leader.</param>
/// <param name="Lands">Landed samples.</param>
/// <param name="CutoffIsFallback">True when the leader had fewer than MinSamples and <see cref="Cutoff"/> is the global
/// one.</param>
/// <param name="Cutoff">Cut-off model.</param>
/// <param name="Bins">The leader's own observed rates per bin, with the model's rate at the bin centre.</param>
/// <param name="KalmanIsFallback">True when the leader had too few landing times and <see cref="Kalman"/> is
/// global.</param>
/// <param name="Kalman">Kalman filter parameters.</param>
public sealed record LeaderPhaseProfile(
    string Leader, long Samples, long Lands, bool CutoffIsFallback, CutoffFit Cutoff,
    IReadOnlyList<PhaseBin> Bins, bool KalmanIsFallback, KalmanParameters Kalman);
