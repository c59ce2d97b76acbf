namespace MevAnalytics.Lut;

/// <summary>Everything one LUT file holds; the writer turns it into bytes deterministically.</summary>
/// <param name="Header">Provenance.</param>
public sealed record LutContent(LutHeader Header)
{
    /// <summary>Calibration segments; empty means no calibration sections. "*" is the global fallback.</summary>
    public IReadOnlyList<CalibrationSegment> Calibration { get; init; } = [];

    /// <summary>Bandit arms.</summary>
    public IReadOnlyList<BanditArm> Arms { get; init; } = [];

    /// <summary>Latency quantiles.</summary>
    public IReadOnlyList<LatencyQuantiles> Latency { get; init; } = [];

    /// <summary>Phase offsets; a "*" leader is the fallback.</summary>
    public IReadOnlyList<PhaseOffset> Phases { get; init; } = [];

    /// <summary>Hedge delay and SLO breach flags per route (section kind 8).</summary>
    public IReadOnlyList<RouteHedge> Hedges { get; init; } = [];
}
