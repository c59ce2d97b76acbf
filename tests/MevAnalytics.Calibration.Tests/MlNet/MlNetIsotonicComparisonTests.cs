using MevAnalytics.Calibration.Isotonic;
using Microsoft.ML;
using Microsoft.ML.Calibrators;

namespace MevAnalytics.Calibration.Tests.MlNet;

/// <summary>
/// Our exact fit versus ML.NET's isotonic calibrator on the same rows.
/// Where they differ and why:
/// - ML.NET keeps a random sample of at most 1,000,000 rows; here n = 30,000 so it sees every row (at 10 M rows it
///   would not).
/// - ML.NET stores bins and values in float32: scores are drawn as float32 values so both see identical x, and
///   values agree only to float32 precision (tolerance 2e-6 on probabilities in [0,1]).
/// - ML.NET's PAV pools ties with its own variant and returns a step function per bin [Mins[i], Maxes[i]]; we
///   interpolate linearly between knots like scikit-learn. The least-squares isotonic solution is unique, so at every
///   training score (which lies inside a pooled block, where our fit is constant) both must agree; between blocks
///   they may differ by up to the jump between adjacent block values, and the test checks only that bound.
/// </summary>
public class MlNetIsotonicComparisonTests
{
    private sealed class Row
    {
        public bool Label { get; set; }
        public float Score { get; set; }
    }

    private sealed class Scored
    {
        public float Score { get; set; }
        public float Probability { get; set; }
    }

    [Fact]
    public void Same_block_values_at_training_scores_and_bounded_difference_between()
    {
        var rng = new Random(2024);
        int n = 30_000;
        var rows = Enumerable.Range(0, n).Select(_ =>
        {
            float s = (float)rng.NextDouble();
            return new Row { Score = s, Label = rng.NextDouble() < s * s };
        }).ToArray();

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var transformer = ml.BinaryClassification.Calibrators.Isotonic("Label", "Score").Fit(data);
        var calibrator = ((ISingleFeaturePredictionTransformer<IsotonicCalibrator>)transformer).Model;

        var x = rows.Select(r => (double)r.Score).ToArray();
        var y = rows.Select(r => r.Label ? 1.0 : 0.0).ToArray();
        var ours = IsotonicFit.Fit(x, y, constraints: new IsotonicConstraints { YMin = 0, YMax = 1 });

        // Same number of pooled blocks: ours has one or two knots per block, ML.NET one bin per block.
        int blocks = 1;
        for (int i = 1; i < ours.YThresholds.Length; i++) if (ours.YThresholds[i] != ours.YThresholds[i - 1]) blocks++;
        Assert.Equal(blocks, calibrator.Values.Length);

        var probes = Enumerable.Range(0, 2000).Select(i => new Row { Score = rows[i].Score }).ToArray();
        var scored = ml.Data.CreateEnumerable<Scored>(transformer.Transform(ml.Data.LoadFromEnumerable(probes)),
            reuseRowObject: false).ToArray();
        double maxAtTraining = 0;
        for (int i = 0; i < scored.Length; i++)
            maxAtTraining = Math.Max(maxAtTraining, Math.Abs(ours.Predict(scored[i].Score) - scored[i].Probability));
        Assert.True(maxAtTraining <= 2e-6, $"max |ours - ML.NET| at training scores = {maxAtTraining}");

        // Off the training scores: bounded by the largest jump between adjacent block values.
        double maxJump = 0;
        for (int i = 1; i < calibrator.Values.Length; i++)
            maxJump = Math.Max(maxJump, calibrator.Values[i] - calibrator.Values[i - 1]);
        var off = Enumerable.Range(0, 2000).Select(_ => new Row { Score = (float)rng.NextDouble() }).ToArray();
        var offScored = ml.Data.CreateEnumerable<Scored>(transformer.Transform(ml.Data.LoadFromEnumerable(off)),
            reuseRowObject: false).ToArray();
        foreach (var s in offScored)
            Assert.True(Math.Abs(ours.Predict(s.Score) - s.Probability) <= maxJump + 2e-6,
                $"score {s.Score}: ours {ours.Predict(s.Score)}, ML.NET {s.Probability}");
    }
}
