namespace MevAnalytics.Lut;

/// <summary>What a table mainly holds; informative only, readers accept any value.</summary>
public enum LutTableKind : ushort
{
    /// <summary>Several kinds of statistics.</summary>
    Mixed = 0,
    /// <summary>Calibration curves.</summary>
    Calibration = 1,
    /// <summary>Bandit arms.</summary>
    Bandit = 2,
    /// <summary>Latency quantiles.</summary>
    Latency = 3,
    /// <summary>Phase offsets.</summary>
    Phase = 4,
}
