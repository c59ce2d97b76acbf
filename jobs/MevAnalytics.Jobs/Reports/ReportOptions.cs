using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Jobs.Reports;

/// <summary>Trend report and artifact retention settings (section <c>Reports</c>).</summary>
public sealed class ReportOptions : ISectionOptions
{
    public const string SectionName = "Reports";

    static string ISectionOptions.Section => SectionName;

    /// <summary>History the report covers, ending now; compared with the window of the same length before it. Default 7
    /// days.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Reports and gated summaries older than this are deleted by the retention job. Default 30
    /// days.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>At most this many report folders are kept (newest first) by the retention job. Default 60.</summary>
    public int KeepReports { get; set; } = 60;

    /// <summary>A published table older than this is listed under "attention". Default 2 days (jobs run at least
    /// daily).</summary>
    public TimeSpan MaxTableAge { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// A route's landing rate is listed under "attention" when its change is both significant (|z| above 3.29) and at
    /// least this large (absolute). Default 0.01 (one percentage point).
    /// </summary>
    public double AttentionLandingRateChange { get; set; } = 0.01;

    /// <summary>Equal-mass bins of the reliability diagrams. Default 15 (the calibrate job's holdout bins).</summary>
    public int ReliabilityBins { get; set; } = 15;

    /// <summary>Largest calibration segments shown besides the global curve. Default 3.</summary>
    public int CalibrationSegments { get; set; } = 3;

    /// <summary>Busiest leaders whose phase curves are drawn. Default 4.</summary>
    public int PhaseLeaders { get; set; } = 4;

    /// <summary>Send-offset bin of the phase curves, ms. Default 10.</summary>
    public double PhaseBinMs { get; set; } = 10;

    /// <summary>Share of the previous window's span its sends must cover (first to last 5-minute bucket) before the
    /// headline compares this window with it: a previous window holding 19 minutes of a 7-day span says nothing about
    /// a change. Default 0.8.</summary>
    public double MinComparableCoverage { get; set; } = 0.8;

    public void Validate()
    {
        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromDays(366))
            throw new ArgumentException($"{SectionName}:Window {Window} must be in (0, 366 days].");
        if (KeepFor < TimeSpan.FromHours(1))
            throw new ArgumentException($"{SectionName}:KeepFor {KeepFor} must be at least 1 hour.");
        if (KeepReports < 1)
            throw new ArgumentException($"{SectionName}:KeepReports {KeepReports} must be at least 1.");
        if (MaxTableAge <= TimeSpan.Zero)
            throw new ArgumentException($"{SectionName}:MaxTableAge {MaxTableAge} must be positive.");
        if (!(AttentionLandingRateChange is >= 0 and <= 1))
            throw new ArgumentException(
                $"{SectionName}:AttentionLandingRateChange {AttentionLandingRateChange} must be in [0, 1].");
        if (ReliabilityBins is < 2 or > 100)
            throw new ArgumentException($"{SectionName}:ReliabilityBins {ReliabilityBins} must be in 2..100.");
        if (CalibrationSegments is < 0 or > 12)
            throw new ArgumentException($"{SectionName}:CalibrationSegments {CalibrationSegments} must be in 0..12.");
        if (PhaseLeaders is < 0 or > 12)
            throw new ArgumentException($"{SectionName}:PhaseLeaders {PhaseLeaders} must be in 0..12.");
        if (!(MinComparableCoverage is > 0 and <= 1))
            throw new ArgumentException(
                $"{SectionName}:MinComparableCoverage {MinComparableCoverage} must be in (0, 1].");
        if (!(PhaseBinMs is >= 1 and <= 100))
            throw new ArgumentException($"{SectionName}:PhaseBinMs {PhaseBinMs} must be in [1, 100].");
    }
}
