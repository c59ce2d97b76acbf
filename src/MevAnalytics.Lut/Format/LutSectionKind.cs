namespace MevAnalytics.Lut;

/// <summary>Section kinds known to this reader; readers skip any other value.</summary>
public enum LutSectionKind : uint
{
    /// <summary>Sorted, deduplicated UTF-8 string table.</summary>
    Strings = 1,
    /// <summary>One record per calibration segment.</summary>
    CalibrationSegments = 2,
    /// <summary>Uniform f32 grids of all segments, back to back (format 1 only).</summary>
    CalibrationGrid = 3,
    /// <summary>Knots of all segments, back to back: (x, y) in format 1, (x, y, slope) in format 2.</summary>
    CalibrationKnots = 4,
    /// <summary>Bandit arm posteriors per route x arm (x leader group).</summary>
    BanditArms = 5,
    /// <summary>Latency quantiles per route x endpoint.</summary>
    LatencyQuantiles = 6,
    /// <summary>Send phase offsets per leader.</summary>
    PhaseOffsets = 7,
    /// <summary>Suggested hedge delay and SLO breach flags per route.</summary>
    RouteHedges = 8,
    /// <summary>Hash index from key bytes to string id and the key's own calibration curve.</summary>
    KeyIndex = 9,
    /// <summary>Per segment, a uniform bucket index over its score range pointing into its knots (format 2
    /// only).</summary>
    CalibrationBuckets = 10,
}
