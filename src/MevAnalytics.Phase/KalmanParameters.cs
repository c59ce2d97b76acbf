using MevAnalytics.Fitting;

namespace MevAnalytics.Phase;

/// <summary>
/// Parameters for the runtime's per-leader Kalman filter on landing time (phase + land latency, ms), a local-level
/// model y = x + v, v ~ N(0, R); x' = x + w, w ~ N(0, Q dt) with dt in seconds, fitted by maximum likelihood.
/// </summary>
/// <param name="InitialStateMs">Filtered level at the last observation: the runtime's warm start.</param>
/// <param name="InitialVarianceMs2">Filtered variance at the last observation (the runtime adds Q x elapsed
/// seconds).</param>
/// <param name="ProcessNoiseMs2PerSecond">Q: variance of level drift per second.</param>
/// <param name="MeasurementNoiseMs2">R: variance of a single landing time around the level.</param>
/// <param name="Observations">Observations used in the fit (0 for a fallback without any).</param>
/// <param name="LastObservation">Time of the last observation (default when none).</param>
public sealed record KalmanParameters(double InitialStateMs, double InitialVarianceMs2, double ProcessNoiseMs2PerSecond,
    double MeasurementNoiseMs2, int Observations, DateTime LastObservation);
