namespace MevAnalytics.Phase;

/// <summary>One send from landing_events as the phase job reads it.</summary>
/// <param name="Leader">Slot leader identity.</param>
/// <param name="Time">Send time (UTC); orders the Kalman filter's observations.</param>
/// <param name="PhaseOffsetMs">Send time within the slot, ms, in [0, slot).</param>
/// <param name="Landed">Whether the send landed.</param>
/// <param name="LandLatencyMs">Send-to-land latency, ms, when landed and known.</param>
public sealed record PhaseSample(
    string Leader, DateTime Time, double PhaseOffsetMs, bool Landed, double? LandLatencyMs);
