namespace MevAnalytics.Calibration.Validation;

/// <summary>
/// The rules every calibration input row meets, whichever way it arrives (push-down SQL, exact rows, CSV, Parquet, a
/// snapshot). A row that breaks one is rejected the same way in every mode: the run fails naming the source, the
/// column, the first row and its value, or with <c>Calibration:SkipBadRows</c> it is skipped and counted.
/// </summary>
public static class CalibrationInputRules
{
    /// <summary>p_land score: a probability. NaN, infinities and anything outside [0, 1] are rejected, never clipped:
    /// one score of 1e300 would otherwise stretch the fitted grid over [0, 1e300].</summary>
    public static readonly InputRule Score = new("a score that is not a number in [0, 1]", v => v >= 0 && v <= 1,
        "({0} >= 0 AND {0} <= 1)");

    /// <summary>Landed label: 0 or 1.</summary>
    public static readonly InputRule Label =
        new("a label other than 0 or 1", v => v is 0.0 or 1.0, "({0} = 0 OR {0} = 1)");

    /// <summary>Largest EV estimate or payoff magnitude accepted, in SOL: more than all SOL in existence (about
    /// 6e8), so no real value is refused, while a value such as 1e300 (a unit or encoding error upstream) is named as
    /// bad input instead of overflowing the EV bucket index (<c>Calibration:EvResolution</c> is at least 1e-9, so
    /// 1e9 / 1e-9 = 1e18 buckets still fit an Int64) or the fit's weighted sums.</summary>
    public const double MaxSol = 1e9;

    /// <summary>EV estimate (SOL): a finite number within ±<see cref="MaxSol"/>.</summary>
    public static readonly InputRule EvEstimate = new("an EV estimate that is NaN, infinite or beyond ±1e9 SOL",
        v => Math.Abs(v) <= MaxSol, "(isFinite({0}) AND abs({0}) <= 1e9)");

    /// <summary>Realized payoff (SOL): a finite number within ±<see cref="MaxSol"/>.</summary>
    public static readonly InputRule Payoff = new("a payoff that is NaN, infinite or beyond ±1e9 SOL",
        v => Math.Abs(v) <= MaxSol, "(isFinite({0}) AND abs({0}) <= 1e9)");

    /// <summary>Row weight: finite and not negative (zero weighs nothing; all zero is an error of its own).</summary>
    public static readonly InputRule Weight = new("a negative, NaN or infinite weight",
        v => v >= 0 && double.IsFinite(v), "({0} >= 0 AND isFinite({0}))");

    /// <summary>Time (Unix ms): a readable, finite time.</summary>
    public static readonly InputRule Time = new("an unreadable time", double.IsFinite, "isFinite({0})");

    /// <summary>The rule for the x column of a target: a score for p_land, an EV estimate for EV.</summary>
    public static InputRule X(bool probability) => probability ? Score : EvEstimate;

    /// <summary>The rule for the y column of a target: a label for p_land, a payoff for EV.</summary>
    public static InputRule Y(bool probability) => probability ? Label : Payoff;

    /// <summary>
    /// Throws when rows are present but every weight is zero: nothing would be fitted. With a half-life, weights
    /// 2^(-age / half-life) underflow to zero for rows older than about 1074 half-lives, so the message names it.
    /// </summary>
    public static void RequireSomeWeight(string source, double weightSum, long rows, TimeSpan? halfLife)
    {
        if (rows == 0 || weightSum > 0) return;
        var cause = halfLife is { } h
            ? $"with Calibration:HalfLife {h} the decay weight 2^(-age / half-life) of every row is 0; " +
                "use a longer half-life"
            : "every row has weight 0";
        throw new ArgumentException($"{source}: {rows} row(s) but their weights sum to 0 ({cause}): nothing to fit.");
    }
}
