using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Platt;
using MevAnalytics.Calibration.Segments;

namespace MevAnalytics.Calibration.Tests.Segments;

/// <summary><see cref="CalibrationFitOptions.Method"/>: Platt everywhere, or auto (held-out log loss) below a
/// size.</summary>
public class SegmentMethodTests
{
    private static readonly string[] Routes = ["big", "sigmoid", "plateau"];
    private static readonly string[] Arms = ["a"];

    /// <summary>
    /// big: 40,000 rows on a sigmoid in log-odds; sigmoid: 3,000 rows on a sigmoid (Platt's own family, where
    /// isotonic's steps only add noise); plateau: 15,000 rows at 0.5 below 0.9 and 0.99 above, a shape no logistic
    /// curve with asymptotes 0 and 1 follows.
    /// </summary>
    private static (double[] x, double[] y, int[] r, int[] a) Data()
    {
        var rng = new Random(5);
        var x = new List<double>(); var y = new List<double>(); var r = new List<int>();
        void Add(int route, int n, Func<double, double> truth)
        {
            for (int i = 0; i < n; i++)
            {
                double v = rng.NextDouble();
                x.Add(v); y.Add(rng.NextDouble() < truth(v) ? 1 : 0); r.Add(route);
            }
        }
        Add(0, 40_000, v => PlattScaling.Sigmoid(1.5 * PlattScaling.LogOdds(v) - 0.3));
        Add(1, 3_000, v => PlattScaling.Sigmoid(0.8 * PlattScaling.LogOdds(v) + 0.4));
        Add(2, 15_000, v => v < 0.9 ? 0.5 : 0.99);
        return (x.ToArray(), y.ToArray(), r.ToArray(), new int[x.Count]);
    }

    private static CalibrationFitOptions Options(CalibrationMethod method) =>
        new() { Clip = true, MinSamples = 2000, Method = method, AutoPlattBelow = 20_000 };

    [Fact]
    public void Platt_fits_every_own_segment_with_the_logistic_curve_on_its_rows()
    {
        var (x, y, r, a) = Data();
        var fits = SegmentedCalibration.Fit(x, y, default, r, a, Routes, Arms, Options(CalibrationMethod.Platt));
        Assert.All(fits, f => Assert.Equal(CalibrationMethod.Platt, f.Method));
        var sigmoid = fits.Single(f => f.Key.ToString() == "sigmoid");
        var rows = Enumerable.Range(0, x.Length).Where(i => r[i] == 1).ToArray();
        var expected = PlattScaling.Fit(rows.Select(i => x[i]).ToArray(), rows.Select(i => y[i]).ToArray());
        Assert.Equal(256, sigmoid.Model.XThresholds.Length);
        for (int i = 0; i < 256; i++)
            Assert.Equal(expected.Predict(sigmoid.Model.XThresholds[i]), sigmoid.Model.YThresholds[i]);
        Assert.Equal(rows.Min(i => x[i]), sigmoid.Model.XMin);
        Assert.Equal(rows.Max(i => x[i]), sigmoid.Model.XMax);
        Assert.Equal(3000, sigmoid.Rows);
    }

    [Fact]
    public void Auto_keeps_isotonic_for_large_segments_and_picks_by_held_out_log_loss_below_the_threshold()
    {
        var (x, y, r, a) = Data();
        var fits = SegmentedCalibration.Fit(x, y, default, r, a, Routes, Arms, Options(CalibrationMethod.Auto))
            .ToDictionary(f => f.Key.ToString());
        Assert.Equal(CalibrationMethod.Isotonic, fits["*"].Method);      // 58,000 samples
        Assert.Equal(CalibrationMethod.Isotonic, fits["big"].Method);    // 40,000 samples
        Assert.Equal(CalibrationMethod.Platt, fits["sigmoid"].Method);   // small, logistic truth
        Assert.Equal(CalibrationMethod.Isotonic, fits["plateau"].Method); // small, but not logistic-shaped
        // The isotonic choices are exactly the default method's curves.
        var isotonic = SegmentedCalibration.Fit(x, y, default, r, a, Routes, Arms, Options(CalibrationMethod.Isotonic))
            .ToDictionary(f => f.Key.ToString());
        Assert.Equal(isotonic["plateau"].Model.YThresholds.ToArray(), fits["plateau"].Model.YThresholds.ToArray());
        Assert.Equal(isotonic["big"].Model.YThresholds.ToArray(), fits["big"].Model.YThresholds.ToArray());
        Assert.All(isotonic.Values, f => Assert.Equal(CalibrationMethod.Isotonic, f.Method));
    }

    [Fact]
    public void Options_name_the_invalid_setting()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new CalibrationFitOptions { Method = CalibrationMethod.Platt, Increasing = false }.Validate());
        Assert.Equal("Method", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new CalibrationFitOptions { AutoPlattBelow = 0 }.Validate());
        Assert.Equal("AutoPlattBelow", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new CalibrationFitOptions { Method = (CalibrationMethod)7 }.Validate());
        Assert.Equal("Method", e.ParamName);
    }
}
