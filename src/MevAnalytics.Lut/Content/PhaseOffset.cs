namespace MevAnalytics.Lut;

/// <summary>Best send offset within a leader's slot, and the Kalman filter settings the runtime tracks it
/// with.</summary>
/// <param name="Leader">Leader identity; "*" is the fallback.</param>
/// <param name="SampleCount">Observations.</param>
/// <param name="OptimalOffsetMs">Optimal send offset from slot start.</param>
/// <param name="SpreadMs">Spread of the landing window.</param>
/// <param name="KalmanInitialState">Initial state (ms).</param>
/// <param name="KalmanInitialVariance">Initial variance (ms^2).</param>
/// <param name="ProcessNoise">Process noise (ms^2 per slot).</param>
/// <param name="MeasurementNoise">Measurement noise (ms^2).</param>
public sealed record PhaseOffset(
    string Leader,
    long SampleCount,
    double OptimalOffsetMs,
    double SpreadMs,
    double KalmanInitialState,
    double KalmanInitialVariance,
    double ProcessNoise,
    double MeasurementNoise);
