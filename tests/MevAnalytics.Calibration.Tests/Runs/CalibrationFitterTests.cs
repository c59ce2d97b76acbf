using MevAnalytics.Calibration.Holdout;
using MevAnalytics.Calibration.Runs;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;

namespace MevAnalytics.Calibration.Tests.Runs;

/// <summary>
/// The pure part of a calibration run on rows small enough to solve by hand: pool-adjacent-violators per segment,
/// holdout log loss from its definition, truth distance as a weighted RMS.
/// </summary>
public class CalibrationFitterTests
{
    private static readonly string[] Routes = ["a", "b", "c"];
    private static readonly string[] Arms = ["0"];

    private static CalibrationFitOptions Fit(double max = 1) =>
        new() { MinSamples = 4, Clip = true, ClipMin = 0, ClipMax = max };

    private static CalibrationRunSettings Settings(bool byRoute = true) => new(Fit(), Fit(max: 100), byRoute, false, 1);

    // Training: route a y = 0 1 0 1 (PAV 0 .5 .5 1), route b y = 1 0 0 1 (PAV 1/3 1/3 1/3 1), route c two rows at 0.4
    // (too few for its own curve). Global means per score 1/2 1/2 0 1 -> PAV 1/3 1/3 1/3 1.
    // Holdout: (0.15, 0, N 1) and (0.35, 1, N 3) on a, (0.25, 0, N 2) on b.
    private static CalibrationSample PLand()
    {
        var s = new CalibrationSample(CalibrationTarget.PLand, 16, Routes, Arms);
        double[] x = [0.1, 0.2, 0.3, 0.4];
        double[] a = [0, 1, 0, 1], b = [1, 0, 0, 1];
        for (int i = 0; i < 4; i++) s.Add(x[i], a[i], 1, 1, 0, 0, false);
        for (int i = 0; i < 4; i++) s.Add(x[i], b[i], 1, 1, 1, 0, false);
        s.Add(0.4, 1, 1, 1, 2, 0, false);
        s.Add(0.4, 1, 1, 1, 2, 0, false);
        s.Add(0.15, 0, 1, 1, 0, 0, true);
        s.Add(0.35, 1, 1, 3, 0, 0, true);
        s.Add(0.25, 0, 1, 2, 1, 0, true);
        return s;
    }

    [Fact]
    public void Segments_are_the_pool_adjacent_violators_solutions_of_their_rows()
    {
        var result = CalibrationFitter.Fit(PLand(), null, Settings(), null, "test");
        var fits = result.PLand!.Fits.ToDictionary(f => f.Key.ToString());
        Assert.Equal(["*", "a", "b", "c"], result.PLand.Fits.Select(f => f.Key.ToString()));
        double[] x = [0.1, 0.2, 0.3, 0.4];
        AssertCurve([1 / 3.0, 1 / 3.0, 1 / 3.0, 1], fits["*"], x);
        AssertCurve([0, 0.5, 0.5, 1], fits["a"], x);
        AssertCurve([1 / 3.0, 1 / 3.0, 1 / 3.0, 1], fits["b"], x);
        Assert.False(fits["c"].OwnFit);
        Assert.Equal("*", fits["c"].EffectiveKey.ToString());
        Assert.Equal(10, result.RowsUsed);
        Assert.Equal(4, result.Metrics["segments"]);
        Assert.Null(result.Ev);
    }

    [Fact]
    public void Holdout_metrics_follow_their_definitions()
    {
        var result = CalibrationFitter.Fit(PLand(), null, Settings(), null, "test");
        // Before: the raw scores. After: the global curve, 1/3 up to 0.3 then linear to 1 at 0.4 (2/3 at 0.35).
        double before = -(Math.Log(1 - 0.15) + 3 * Math.Log(0.35) + 2 * Math.Log(1 - 0.25)) / 6;
        double after = -(Math.Log(1 - 1 / 3.0) + 3 * Math.Log(2 / 3.0) + 2 * Math.Log(1 - 1 / 3.0)) / 6;
        Assert.Equal(before, result.Metrics["holdout_logloss_before"], 12);
        Assert.Equal(after, result.Metrics["holdout_logloss_after"], 12);
        Assert.Equal(6, result.Metrics["holdout_n"]);
        // One bin: ECE = |weighted mean forecast - weighted mean label|.
        Assert.Equal(Math.Abs((0.15 + 3 * 0.35 + 2 * 0.25) / 6 - 0.5), result.Metrics["holdout_ece_before"], 12);
        Assert.Equal(Math.Abs((1 / 3.0 + 3 * 2 / 3.0 + 2 / 3.0) / 6 - 0.5), result.Metrics["holdout_ece_after"], 12);

        var segments = result.PLand!.Summary.Segments.ToDictionary(s => s.Key);
        Assert.Equal("p_land", result.PLand.Summary.Target);
        Assert.False(segments["c"].Checks.EnoughSamples);
        Assert.Null(segments["c"].Checks.HoldoutImproved); // no holdout rows on c
        Assert.True(segments["a"].Checks.Monotone);
        Assert.Equal(4, segments["a"].After!.WeightSum);
    }

    [Fact]
    public void Truth_distance_is_the_weighted_rms_over_the_holdout_scores()
    {
        var truth = new TruthCurves("half.json", _ => 0.5, ev => 2 * ev);
        var result = CalibrationFitter.Fit(PLand(), null, Settings(), truth, "test");
        var d = result.Truth!;
        // Fitted 1/3, 2/3, 1/3 at the holdout scores (N 1, 3, 2) against 0.5: every |difference| is 1/6.
        Assert.Equal(1 / 6.0, d.PLandRms, 12);
        Assert.Equal(1 / 6.0, d.PLandMaxAbs, 12);
        Assert.Equal(Math.Sqrt((0.35 * 0.35 + 3 * 0.15 * 0.15 + 2 * 0.25 * 0.25) / 6), d.RawScoreRms, 12);
        Assert.Null(d.EvRms);
        Assert.Equal("half.json", d.Path);
        Assert.Equal(d.PLandRms, result.Metrics["truth_rms"]);
    }

    [Fact]
    public void Ev_segments_carry_the_ev_prefix_and_their_own_bound()
    {
        var ev = new CalibrationSample(CalibrationTarget.Ev, 8, Routes, Arms);
        double[] x = [1, 2, 3, 4], y = [10, 300, 250, 400];
        for (int i = 0; i < 4; i++) ev.Add(x[i], y[i], 1, 1, 0, 0, false);
        ev.Add(2.5, 100, 1, 1, 0, 0, true);
        var result = CalibrationFitter.Fit(null, ev, Settings(byRoute: false), null, "test");
        var global = result.Ev!.Fits.Single();
        // PAV: 10, (300 + 250) / 2 twice, 400; then clipped to the EV bound 100.
        AssertCurve([10, 100, 100, 100], global, x);
        Assert.Equal(["ev:*"], result.Ev.Summary.Segments.Select(s => s.Key));
        Assert.Equal("ev:", result.Ev.Summary.KeyPrefix);
        Assert.Equal(4, result.RowsUsed);
        Assert.Equal(0, result.Metrics["ev_mae_after"]); // 100 predicted at 2.5, 100 paid
        Assert.Equal(Math.Abs(2.5 - 100), result.Metrics["ev_mae_before"], 12);
    }

    [Fact]
    public void A_target_without_holdout_rows_is_refused_naming_the_source()
    {
        var s = new CalibrationSample(CalibrationTarget.PLand, 4, Routes, Arms);
        for (int i = 0; i < 4; i++) s.Add(0.2 * (i + 1), i % 2, 1, 1, 0, 0, false);
        var e = Assert.Throws<ArgumentException>(() => CalibrationFitter.Fit(s, null, Settings(), null, "file.csv"));
        Assert.Contains("file.csv", e.Message);
        Assert.Contains("holdout", e.Message);
    }

    [Fact]
    public void Single_class_labels_are_refused()
    {
        var s = new CalibrationSample(CalibrationTarget.PLand, 4, Routes, Arms);
        s.Add(0.1, 1, 1, 1, 0, 0, false);
        s.Add(0.9, 1, 1, 1, 0, 0, false);
        s.Add(0.5, 1, 1, 1, 0, 0, true);
        var e = Assert.Throws<ArgumentException>(() => CalibrationFitter.Fit(s, null, Settings(), null, "w"));
        Assert.Contains("only 1", e.Message);
    }

    private static void AssertCurve(double[] expected, SegmentFit fit, double[] x)
    {
        for (int i = 0; i < x.Length; i++) Assert.Equal(expected[i], fit.Model.Predict(x[i]), 12);
    }
}
