using MevAnalytics.Jobs.Running;
using MevAnalytics.Phase;

namespace MevAnalytics.Jobs.Phase;

/// <summary>The <c>phase</c> job's summary: the global profile and every leader's cut-off fit and Kalman
/// parameters.</summary>
/// <param name="Window">The window read.</param>
/// <param name="Units">Units of the numbers here and in the table.</param>
/// <param name="MinSamples">Sends a leader needs for its own cut-off.</param>
/// <param name="MinKalmanObservations">Landing times a leader needs for its own Kalman parameters.</param>
/// <param name="Global">All leaders together (the <c>*</c> row).</param>
/// <param name="Leaders">Every leader.</param>
/// <param name="Skipped">Input rows left out.</param>
public sealed record PhaseSummary(UtcWindow Window, string Units, int MinSamples, int MinKalmanObservations,
    LeaderPhaseSummary Global, IReadOnlyList<LeaderPhaseSummary> Leaders, SkippedRows Skipped);

/// <summary>One leader: sends and lands, the logistic cut-off fit (plateau landing rate, cut-off and scale in ms),
/// the recommended send offset, and the Kalman parameters of its landing times.</summary>
public sealed record LeaderPhaseSummary(string Leader, long Samples, long Lands, bool CutoffIsFallback,
    double PlateauRate, double CutoffMs, double ScaleMs, double CutoffStdErrMs, double RecommendedOffsetMs,
    bool KalmanIsFallback, double KalmanLevelMs, double KalmanVarianceMs2, double KalmanQMs2PerSecond,
    double KalmanRMs2, int Observations)
{
    /// <summary>The summary of <paramref name="p"/>.</summary>
    public static LeaderPhaseSummary Of(LeaderPhaseProfile p) => new(p.Leader, p.Samples, p.Lands,
        p.CutoffIsFallback, p.Cutoff.PlateauRate, p.Cutoff.CutoffMs, p.Cutoff.ScaleMs, p.Cutoff.CutoffStdErrMs,
        p.Cutoff.RecommendedOffsetMs, p.KalmanIsFallback, p.Kalman.InitialStateMs, p.Kalman.InitialVarianceMs2,
        p.Kalman.ProcessNoiseMs2PerSecond, p.Kalman.MeasurementNoiseMs2, p.Kalman.Observations);

    /// <summary>The fitted landing probability at send offset <paramref name="offsetMs"/> (the phase job's
    /// curve).</summary>
    public double Rate(double offsetMs) => LogisticCutoffFitter.Rate(
        new CutoffFit(PlateauRate, CutoffMs, ScaleMs, CutoffStdErrMs, RecommendedOffsetMs), offsetMs);
}
