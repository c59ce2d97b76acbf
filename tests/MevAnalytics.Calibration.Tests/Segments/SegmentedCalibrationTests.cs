using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Segments;

namespace MevAnalytics.Calibration.Tests.Segments;

public class SegmentedCalibrationTests
{
    private static readonly string[] Routes = ["jito", "rpc", "tpu"];
    private static readonly string[] Arms = ["hi", "lo"];

    // jito: 3000 hi + 500 lo; rpc: 900 hi + 900 lo; tpu: 2500 lo. MinSamples 2000.
    private static (double[] x, double[] y, double[] w, int[] r, int[] a) Data()
    {
        var rng = new Random(11);
        var spec = new (int r, int a, int n, double power)[]
        {
            (0, 0, 3000, 1), (0, 1, 500, 3), (1, 0, 900, 2), (1, 1, 900, 2), (2, 1, 2500, 0.5)
        };
        var x = new List<double>(); var y = new List<double>(); var w = new List<double>();
        var r = new List<int>(); var a = new List<int>();
        foreach (var s in spec)
            for (int i = 0; i < s.n; i++)
            {
                double v = rng.NextDouble();
                x.Add(v); y.Add(rng.NextDouble() < Math.Pow(v, s.power) ? 1 : 0); w.Add(0.5 + rng.NextDouble());
                r.Add(s.r); a.Add(s.a);
            }
        // Interleave rows so grouping is exercised.
        var perm = Enumerable.Range(0, x.Count).OrderBy(_ => rng.Next()).ToArray();
        return (perm.Select(i => x[i]).ToArray(), perm.Select(i => y[i]).ToArray(), perm.Select(i => w[i]).ToArray(),
            perm.Select(i => r[i]).ToArray(), perm.Select(i => a[i]).ToArray());
    }

    [Fact]
    public void Tree_fits_large_segments_and_falls_back_for_small_ones()
    {
        var (x, y, w, r, a) = Data();
        var fits = SegmentedCalibration.Fit(x, y, w, r, a, Routes, Arms, new CalibrationFitOptions { Clip = true });
        Assert.Equal(["*", "jito", "jito/hi", "jito/lo", "rpc", "rpc/hi", "rpc/lo", "tpu", "tpu/lo"],
            fits.Select(f => f.Key.ToString()));
        var byKey = fits.ToDictionary(f => f.Key.ToString());
        Assert.Equal(x.Length, byKey["*"].Rows);
        Assert.Equal([3500, 3000, 500, 1800, 900, 900, 2500, 2500], fits.Skip(1).Select(f => f.Rows));
        Assert.Equal([true, true, true, false, false, false, false, true, true], fits.Select(f => f.OwnFit));
        Assert.Equal("*", byKey["rpc"].EffectiveKey.ToString());
        Assert.Equal("*", byKey["rpc/hi"].EffectiveKey.ToString());   // parent rpc fell back too
        Assert.Equal("jito", byKey["jito/lo"].EffectiveKey.ToString());
        Assert.Equal("rpc", byKey["rpc/hi"].ParentKey.ToString());
        Assert.Null(byKey["*"].ParentKey);
        Assert.Same(byKey["*"].Model, byKey["rpc/lo"].Model);

        // Own fits equal a direct fit on exactly that segment's rows.
        var idx = Enumerable.Range(0, x.Length).Where(i => r[i] == 0 && a[i] == 0).ToArray();
        var direct = IsotonicFit.Fit(idx.Select(i => x[i]).ToArray(), idx.Select(i => y[i]).ToArray(),
            idx.Select(i => w[i]).ToArray(), new IsotonicConstraints { YMin = 0, YMax = 1 });
        Assert.Equal(direct.XThresholds.ToArray(), byKey["jito/hi"].Model.XThresholds.ToArray());
        Assert.Equal(direct.YThresholds.ToArray(), byKey["jito/hi"].Model.YThresholds.ToArray());
        Assert.Equal(idx.Sum(i => w[i]), byKey["jito/hi"].WeightSum, 9);
        Assert.All(fits, f => Assert.All(f.Model.YThresholds.ToArray(),
            v => Assert.True(v >= 0 && v <= 1 && double.IsFinite(v))));
    }

    [Fact]
    public void Global_below_min_samples_is_an_error()
    {
        var (x, y, w, r, a) = Data();
        var e = Assert.Throws<ArgumentException>(() =>
            SegmentedCalibration.Fit(x, y, w, r, a, Routes, Arms,
                new CalibrationFitOptions { MinSamples = x.Length + 1 }));
        Assert.Contains("MinSamples", e.Message);
    }

    [Fact]
    public void Bad_segment_codes_are_counted()
    {
        var e = Assert.Throws<ArgumentException>(() => SegmentedCalibration.Fit([0.1, 0.2], [0, 1], default, [0, 5],
            [0, 0], Routes, Arms, new CalibrationFitOptions { MinSamples = 1 }));
        Assert.Equal("route", e.ParamName);
        Assert.Contains("first at row 1", e.Message);
    }

    [Theory]
    [InlineData("PlattKnots")]
    [InlineData("MinSamples")]
    [InlineData("ClipMin")]
    public void Options_validate_names_the_option(string option)
    {
        var o = new CalibrationFitOptions { Clip = true };
        switch (option)
        {
            case "PlattKnots": o.PlattKnots = 1; break;
            case "MinSamples": o.MinSamples = 0; break;
            case "ClipMin": o.ClipMin = 2; break;
        }
        Assert.Equal(option, Assert.Throws<ArgumentOutOfRangeException>(o.Validate).ParamName);
    }

    [Fact]
    public void Segment_names_reject_separator_and_star()
    {
        Assert.Throws<ArgumentException>(() => SegmentKey.ForRoute("a/b"));
        Assert.Throws<ArgumentException>(() => SegmentKey.ForRouteArm("a", "*"));
    }

    [Fact]
    public void A_segment_whose_rows_all_have_zero_weight_is_listed_and_falls_back()
    {
        var (x, y, w, r, a) = Data();
        // tpu/lo's rows weigh nothing (e.g. fully decayed): the segment stays in the tree, on its parent's curve.
        for (int i = 0; i < x.Length; i++) if (r[i] == 2) w[i] = 0;
        var fits = SegmentedCalibration.Fit(x, y, w, r, a, Routes, Arms, new CalibrationFitOptions { Clip = true });
        var byKey = fits.ToDictionary(f => f.Key.ToString());
        Assert.Equal(["*", "jito", "jito/hi", "jito/lo", "rpc", "rpc/hi", "rpc/lo", "tpu", "tpu/lo"], byKey.Keys);
        Assert.False(byKey["tpu"].OwnFit);
        Assert.Equal("*", byKey["tpu/lo"].EffectiveKey.ToString());
        Assert.Equal(0, byKey["tpu/lo"].WeightSum);
    }

    [Fact]
    public void Fitting_twice_gives_the_same_curves_whatever_the_threads_did()
    {
        var (x, y, w, r, a) = Data();
        var options = new CalibrationFitOptions { Clip = true, MinSamples = 400 };
        var first = SegmentedCalibration.Fit(x, y, w, r, a, Routes, Arms, options);
        for (int run = 0; run < 5; run++)
        {
            var again = SegmentedCalibration.Fit(x, y, w, r, a, Routes, Arms, options);
            Assert.Equal(first.Select(f => f.Key.ToString()), again.Select(f => f.Key.ToString()));
            Assert.All(first.Zip(again), p => Assert.Equal(p.First.Model.YThresholds.ToArray(),
                p.Second.Model.YThresholds.ToArray()));
        }
    }
}
