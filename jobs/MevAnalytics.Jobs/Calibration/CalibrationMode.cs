namespace MevAnalytics.Jobs.Calibration;

/// <summary>How the calibration job gets its rows from ClickHouse.</summary>
public enum CalibrationMode
{
    /// <summary>ClickHouse groups by quantized score; the fit runs on buckets (cost grows with buckets, not
    /// rows).</summary>
    PushDown,

    /// <summary>Every row streamed, sorted by score in ClickHouse; the fit is exact.</summary>
    Exact,
}
