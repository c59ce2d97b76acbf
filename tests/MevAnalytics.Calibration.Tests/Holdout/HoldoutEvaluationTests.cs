using MevAnalytics.Calibration.Holdout;
using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;

namespace MevAnalytics.Calibration.Tests.Holdout;

/// <summary>Table scoring looks rows up by the runtime's keys; its numbers follow the metrics' definitions.</summary>
public class HoldoutEvaluationTests
{
    private static CalibrationSample Holdout()
    {
        var s = new CalibrationSample(CalibrationTarget.PLand, 3, ["r1", "r2"], ["0", "7"]);
        s.Add(0.2, 0, 1, 1, 0, 0, true);
        s.Add(0.6, 1, 1, 2, 0, 1, true);
        s.Add(0.9, 1, 1, 1, 1, 1, true);
        return s;
    }

    [Theory]
    [InlineData(false, false, "*:3")]
    [InlineData(true, false, "r1:2,r2:1")]
    [InlineData(true, true, "r1/0:1,r1/7:1,r2/7:1")]
    public void Rows_are_looked_up_by_the_key_of_the_levels_fitted_one_call_per_run_of_a_key(bool byRoute,
        bool byArm, string calls)
    {
        var asked = new List<string>();
        HoldoutEvaluation.ScoreTable((key, scores, results) =>
        {
            asked.Add($"{key}:{scores.Length}");
            results[..scores.Length].Fill(0.5);
        }, Holdout(), byRoute, byArm, 1);
        Assert.Equal(calls.Split(','), asked);
    }

    [Fact]
    public void Score_is_the_n_weighted_log_loss_and_ece_of_the_clamped_lookups()
    {
        // Per key a constant; r2/7 answers above 1, which is clamped to 1 (the runtime's probabilities are in [0, 1]).
        var values = new Dictionary<string, double> { ["r1/0"] = 0.25, ["r1/7"] = 0.8, ["r2/7"] = 1.2 };
        var score = HoldoutEvaluation.ScoreTable((key, scores, results) => results[..scores.Length].Fill(values[key]),
            Holdout(), true, true, 1);
        double logLoss = -(Math.Log(1 - 0.25) + 2 * Math.Log(0.8) + Math.Log(1)) / 4;
        Assert.Equal(logLoss, score.LogLoss, 12);
        Assert.Equal(Math.Abs((0.25 + 2 * 0.8 + 1) / 4 - 3 / 4.0), score.Ece, 12);
    }

    [Fact]
    public void Distance_from_truth_is_weighted_by_sample_counts()
    {
        var model = IsotonicModel.FromKnots([0.0, 1.0], [0.0, 1.0]);
        var (rms, max) = HoldoutEvaluation.DistanceFromTruth(model, Holdout(), x => x * x);
        double[] d = [0.2 - 0.04, 0.6 - 0.36, 0.9 - 0.81];
        Assert.Equal(Math.Sqrt((d[0] * d[0] + 2 * d[1] * d[1] + d[2] * d[2]) / 4), rms, 12);
        Assert.Equal(d.Max(), max, 12);
    }

    [Fact]
    public void A_bad_holdout_row_fails_with_the_metric_error_not_a_wrapped_one()
    {
        // Segments are evaluated in parallel; the error must still be the one naming the column and row.
        var s = new CalibrationSample(CalibrationTarget.PLand, 3, ["r1", "r2"], ["0", "7"]);
        s.Add(0.2, 0, 1, 1, 0, 0, true);
        s.Add(0.6, 1.5, 1, 1, 0, 1, true);
        s.Add(0.9, 1, 1, 1, 1, 1, true);
        var model = IsotonicModel.FromKnots([0.0, 1.0], [0.0, 1.0]);
        var fits = new[] { new SegmentFit(SegmentKey.Global, null, 3, 3, true, SegmentKey.Global, model) };
        var e = Assert.Throws<ArgumentException>(() => HoldoutEvaluation.Evaluate(fits, s, 5));
        Assert.Contains("Column 'label' has 1 value(s) outside [0, 1]; first at row 1", e.Message);
    }
}
