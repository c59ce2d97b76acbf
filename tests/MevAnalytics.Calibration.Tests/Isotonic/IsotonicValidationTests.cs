using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Calibration.Tests.Isotonic;

public class IsotonicValidationTests
{
    [Fact]
    public void Nan_and_infinite_x_name_column_count_and_first_row()
    {
        var e = Assert.Throws<ArgumentException>(
            () => IsotonicFit.Fit([0, 1, double.NaN, 3, double.PositiveInfinity], [0, 0, 1, 1, 1]));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("2 non-finite", e.Message);
        Assert.Contains("first at row 2", e.Message);
    }

    [Fact]
    public void Nan_y_is_rejected() =>
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => IsotonicFit.Fit([0, 1], [double.NaN, 1])).ParamName);

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_weights_are_rejected(double bad)
    {
        var e = Assert.Throws<ArgumentException>(() => IsotonicFit.Fit([0, 1, 2], [0, 1, 1], [1, 1, bad]));
        Assert.Equal("weight", e.ParamName);
        Assert.Contains("first at row 2", e.Message);
    }

    [Fact]
    public void All_zero_weights_are_rejected() =>
        Assert.Contains("zero weight",
            Assert.Throws<ArgumentException>(() => IsotonicFit.Fit([0, 1], [0, 1], [0, 0])).Message);

    [Fact]
    public void Empty_and_mismatched_inputs_are_rejected()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => IsotonicFit.Fit([], [])).Message);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => IsotonicFit.Fit([0, 1], [0])).ParamName);
        Assert.Equal("weight", Assert.Throws<ArgumentException>(() => IsotonicFit.Fit([0, 1], [0, 1], [1])).ParamName);
    }

    [Fact]
    public void Inverted_bounds_are_rejected() =>
        Assert.Equal("YMin", Assert.Throws<ArgumentException>(() => IsotonicFit.Fit([0, 1], [0, 1],
            constraints: new IsotonicConstraints { YMin = 1, YMax = 0 })).ParamName);

    [Fact]
    public void Binary_labels_outside_0_1_are_counted()
    {
        var e = Assert.Throws<ArgumentException>(
            () => CalibrationInputValidator.RequireBinaryLabels("landed", [0, 1, 2, 0.5, 1]));
        Assert.Equal("landed", e.ParamName);
        Assert.Contains("2 label(s)", e.Message);
        Assert.Contains("first at row 2", e.Message);
    }

    [Fact]
    public void A_single_class_is_an_error_for_p_land()
    {
        Assert.Contains("single class", Assert.Throws<ArgumentException>(
            () => CalibrationInputValidator.RequireBinaryLabels("landed", [1, 1, 1])).Message);
        // The only 0 has zero weight: still a single class.
        Assert.Contains("only 1", Assert.Throws<ArgumentException>(
            () => CalibrationInputValidator.RequireBinaryLabels("landed", [1, 0, 1], [1, 0, 1])).Message);
        CalibrationInputValidator.RequireBinaryLabels("landed", [1, 0, 1]);
    }

    [Fact]
    public void Predict_rejects_nan() =>
        Assert.Throws<ArgumentException>(() => IsotonicFit.Fit([0, 1], [0, 1]).Predict(double.NaN));

    [Fact]
    public void Predicting_a_span_equals_predicting_each_score_in_any_order()
    {
        // Ascending runs (the walk), descents (a fresh search), scores on knots, outside the ends, repeats.
        var rng = new Random(4);
        var x = Enumerable.Range(0, 20_000).Select(_ => rng.NextDouble()).ToArray();
        var model = IsotonicFit.Fit(x, x.Select(v => rng.NextDouble() < v ? 1.0 : 0.0).ToArray());
        Assert.True(model.XThresholds.Length > 50);
        var scores = new List<double>();
        for (int run = 0; run < 40; run++)
        {
            var part = Enumerable.Range(0, rng.Next(1, 400)).Select(_ => rng.NextDouble() * 1.2 - 0.1).ToList();
            part.Sort();
            scores.AddRange(part);
            scores.Add(model.XThresholds[rng.Next(model.XThresholds.Length)]);
            scores.Add(scores[^1]);
        }
        var all = scores.ToArray();
        var result = new double[all.Length];
        model.Predict(all, result);
        for (int i = 0; i < all.Length; i++) Assert.Equal(model.Predict(all[i]), result[i]);
        Assert.Throws<ArgumentException>(() => model.Predict([0.5, double.NaN], new double[2]));
    }
}
