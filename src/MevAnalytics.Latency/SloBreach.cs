namespace MevAnalytics.Latency;

/// <summary>Which SLO checks failed (bit flags, stored as-is in the LUT).</summary>
[Flags]
public enum SloBreach
{
    /// <summary>Within every target (or nothing to check).</summary>
    None = 0,
    /// <summary>Median above target.</summary>
    P50 = 1,
    /// <summary>p90 above target.</summary>
    P90 = 2,
    /// <summary>p99 above target.</summary>
    P99 = 4,
    /// <summary>p99.9 above target.</summary>
    P999 = 8,
    /// <summary>Error rate above target.</summary>
    ErrorRate = 16,
}
