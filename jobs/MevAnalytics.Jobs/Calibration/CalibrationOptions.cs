using MevAnalytics.Calibration.Runs;
using MevAnalytics.Calibration.Segments;
using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>Options of the <c>calibrate</c> job (configuration section <c>Calibration</c>).</summary>
public sealed class CalibrationOptions : ISectionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Calibration";

    static string ISectionOptions.Section => SectionName;

    /// <summary>Length of the window [UtcNow - Window, UtcNow). Default 7 days.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Half-life of the exponential time decay of fit weights (computed in the query); null (default) for
    /// none.</summary>
    public TimeSpan? HalfLife { get; set; }

    /// <summary>Segment levels below global: "" (global only), "route", or "route,arm" (default).</summary>
    public string Segments { get; set; } = "route,arm";

    /// <summary>Data path: push-down buckets (default) or exact rows.</summary>
    public CalibrationMode Mode { get; set; } = CalibrationMode.PushDown;

    /// <summary>Push-down bucket width of p_land_est, quantized as <c>ScoreBuckets.Quantize</c>. Default
    /// 1e-4.</summary>
    public double Resolution { get; set; } = 1e-4;

    /// <summary>Push-down bucket width of ev_est_sol in SOL, at least 1e-9 (so that every accepted estimate,
    /// within ±1e9 SOL, has an Int64 bucket). Default 1e-5.</summary>
    public double EvResolution { get; set; } = 1e-5;

    /// <summary>Fraction of the window, the most recent by time, held out of the fit for evaluation. Default
    /// 0.2.</summary>
    public double HoldoutFraction { get; set; } = 0.2;

    /// <summary>Samples a segment needs for its own curve; below it, it falls back to its parent. Default
    /// 2000.</summary>
    public int MinSamples { get; set; } = 2000;

    /// <summary>
    /// Curve of a p_land segment with its own fit: <c>isotonic</c> (default), <c>platt</c> (logistic on the score's
    /// log-odds) or <c>auto</c> (segments below <see cref="AutoPlattBelow"/> samples take whichever has the lower
    /// held-out log loss). EV curves are always isotonic.
    /// </summary>
    public CalibrationMethod Method { get; set; } = CalibrationMethod.Isotonic;

    /// <summary>With <c>Method = auto</c>, the sample count below which a segment may use Platt. Default
    /// 20,000.</summary>
    public int AutoPlattBelow { get; set; } = 20_000;

    /// <summary>Knots a Platt curve (<c>Method = platt</c> or <c>auto</c>) is tabulated at over its segment's score
    /// range; the table answers with exactly that tabulated curve, and its holdout metrics are the table's. Default
    /// 256. (Isotonic curves are published as fitted, knot for knot.)</summary>
    public int PlattKnots { get; set; } = 256;

    /// <summary>Reliability bins of ECE/MCE. Default 15.</summary>
    public int BinCount { get; set; } = 15;

    /// <summary>Also fit EV curves (isotonic of payoff_sol on ev_est_sol, keys prefixed "ev:"). Default true.</summary>
    public bool FitEv { get; set; } = true;

    /// <summary>
    /// Upper bound of EV curves in SOL (bounded isotonic regression: the unbounded fit clipped), a sanity cap against
    /// a corrupt payoff. Default 100. Payoff is non-negative, so the lower bound is 0.
    /// </summary>
    public double EvMaxSol { get; set; } = 100.0;

    /// <summary>Offline input (CSV or Parquet) instead of ClickHouse; null (default) reads ClickHouse.</summary>
    public string? Input { get; set; }

    /// <summary>Column of <see cref="Input"/> holding the p_land score. Default null: the first of <c>score</c>,
    /// <c>y_prob</c> (scikit-learn's name), <c>p_land_est</c> the file has.</summary>
    public string? InputScoreColumn { get; set; }

    /// <summary>Column of <see cref="Input"/> holding the landed label (0/1). Default null: the first of
    /// <c>label</c>, <c>y_true</c> (scikit-learn's name), <c>landed</c> the file has.</summary>
    public string? InputLabelColumn { get; set; }

    /// <summary>Skip and count bad rows (NaN score, bad label, negative weight) instead of failing. Default
    /// false.</summary>
    public bool SkipBadRows { get; set; }

    /// <summary>Ground-truth JSON of a simulation (<c>mev simulate --truth FILE</c>, or the demo's); null (default) for
    /// data that is not simulated. When set, the summary reports the fit's distance from the true curves.</summary>
    public string? GroundTruth { get; set; }

    /// <summary>Gate: holdout log loss may exceed the current table's by at most this much. Default 0.002.</summary>
    public double LogLossTolerance { get; set; } = 0.002;

    /// <summary>Gate: holdout equal-mass ECE may exceed the current table's by at most this much. Default
    /// 0.005.</summary>
    public double EceTolerance { get; set; } = 0.005;

    /// <summary>Gate: training samples the table needs (header rows_used). Default 10000.</summary>
    public long MinRows { get; set; } = 10_000;

    /// <summary>Whether route segments are fitted.</summary>
    public bool ByRoute => SegmentLevels().Contains("route");

    /// <summary>Whether route x arm segments are fitted.</summary>
    public bool ByArm => SegmentLevels().Contains("arm");

    /// <summary>The segment fit options derived from these.</summary>
    public CalibrationFitOptions FitOptions(bool probability) => new()
    {
        PlattKnots = PlattKnots,
        MinSamples = MinSamples,
        Increasing = true,
        Clip = true,
        ClipMin = 0,
        ClipMax = probability ? 1 : EvMaxSol,
        Method = probability ? Method : CalibrationMethod.Isotonic,
        AutoPlattBelow = AutoPlattBelow,
    };

    /// <summary>The fit's settings for an input with or without route and tip arm columns: segment levels the input
    /// has no columns for are left out.</summary>
    public CalibrationRunSettings RunSettings(bool hasRoute, bool hasArm)
    {
        bool byRoute = ByRoute && hasRoute;
        return new CalibrationRunSettings(FitOptions(probability: true), FitOptions(probability: false), byRoute,
            ByArm && hasArm && byRoute, BinCount);
    }

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (Window <= TimeSpan.Zero)
            throw new ArgumentException($"{SectionName}:Window must be positive (got {Window}).", nameof(Window));
        if (HalfLife is { } h && h <= TimeSpan.Zero)
            throw new ArgumentException($"{SectionName}:HalfLife must be positive (got {h}).", nameof(HalfLife));
        var levels = SegmentLevels();
        foreach (var l in levels)
            if (l is not ("route" or "arm"))
                throw new ArgumentException(
                    $"{SectionName}:Segments has unknown level '{l}'; use \"\", \"route\" or \"route,arm\".",
                    nameof(Segments));
        if (levels.Contains("arm") && !levels.Contains("route"))
            throw new ArgumentException(
                $"{SectionName}:Segments: 'arm' needs 'route' (segments nest global -> route -> route/arm).",
                nameof(Segments));
        if (!(Resolution > 0 && Resolution <= 0.1))
            throw new ArgumentException($"{SectionName}:Resolution must be in (0, 0.1] (got {Resolution}).",
                nameof(Resolution));
        if (!(EvResolution >= 1e-9 && double.IsFinite(EvResolution)))
            throw new ArgumentException($"{SectionName}:EvResolution must be at least 1e-9 (got {EvResolution}).",
                nameof(EvResolution));
        if (!(HoldoutFraction > 0 && HoldoutFraction < 1))
            throw new ArgumentException($"{SectionName}:HoldoutFraction must be in (0, 1) (got {HoldoutFraction}).",
                nameof(HoldoutFraction));
        if (MinSamples < 1)
            throw new ArgumentException($"{SectionName}:MinSamples must be at least 1 (got {MinSamples}).",
                nameof(MinSamples));
        if (PlattKnots < 2)
            throw new ArgumentException($"{SectionName}:PlattKnots must be at least 2 (got {PlattKnots}).",
                nameof(PlattKnots));
        if (BinCount < 1)
            throw new ArgumentException($"{SectionName}:BinCount must be at least 1 (got {BinCount}).",
                nameof(BinCount));
        if (!(LogLossTolerance >= 0))
            throw new ArgumentException($"{SectionName}:LogLossTolerance must be >= 0 (got {LogLossTolerance}).",
                nameof(LogLossTolerance));
        if (!(EceTolerance >= 0))
            throw new ArgumentException($"{SectionName}:EceTolerance must be >= 0 (got {EceTolerance}).",
                nameof(EceTolerance));
        if (!(EvMaxSol > 0 && EvMaxSol <= 1e6))
            throw new ArgumentException($"{SectionName}:EvMaxSol must be in (0, 1e6] (got {EvMaxSol}).",
                nameof(EvMaxSol));
        if (MinRows < 0)
            throw new ArgumentException($"{SectionName}:MinRows must be >= 0 (got {MinRows}).", nameof(MinRows));
        if (Input is { } dir && Directory.Exists(dir))
            throw new ArgumentException($"{SectionName}:Input '{dir}' is a directory, not a CSV or Parquet file.",
                nameof(Input));
        if (Input is { } input && !File.Exists(input))
            throw new ArgumentException($"{SectionName}:Input file '{input}' does not exist.", nameof(Input));
    }

    private string[] SegmentLevels() =>
        (Segments ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).ToArray();
}
