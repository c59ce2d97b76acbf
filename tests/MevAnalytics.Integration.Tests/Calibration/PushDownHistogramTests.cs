using MevAnalytics.Calibration.Samples;
using MevAnalytics.Jobs.Calibration;

namespace MevAnalytics.Integration.Tests.Calibration;

/// <summary>
/// The one-scan push-down histograms (p_land over 2k + landed, EV over k - ev_from) hold exactly the buckets of the
/// exact rows: same counts, same label and payoff sums, for both targets, with and without decay.
/// </summary>
[Collection(CalibrationCollection.Name)]
public sealed class PushDownHistogramTests(CalibrationFixture fx)
{
    // EV buckets of 1e-3 SOL fit the one-scan histogram's EvWrapSlots; 1e-4 do not, but fit MaxEvSlots, so EV is read
    // again as one wider histogram; 1e-5 (the default) spans more than MaxEvSlots on this history, so EV takes the hash
    // aggregation of a second scan. All must give the exact rows' buckets.
    [Theory]
    [InlineData(null, 1e-3, true)]
    [InlineData("12:00:00", 1e-3, true)]
    [InlineData(null, 1e-4, true)]
    [InlineData("12:00:00", 1e-4, true)]
    [InlineData(null, 1e-5, false)]
    [InlineData("12:00:00", 1e-5, false)]
    public async Task Push_down_buckets_equal_the_exact_rows_bucketed(string? halfLife, double evResolution,
        bool oneScan)
    {
        var options = new CalibrationOptions
        {
            HalfLife = halfLife is null ? null : TimeSpan.Parse(halfLife),
            EvResolution = evResolution,
        };
        var from = CalibrationFixture.End - options.Window;
        options.Mode = CalibrationMode.Exact;
        var to = CalibrationFixture.End;
        var exact = await ClickHouseCalibrationReader.ReadAsync(fx.Store.Db, options, from, to, default);
        options.Mode = CalibrationMode.PushDown;
        var pushed = await ClickHouseCalibrationReader.ReadAsync(fx.Store.Db, options, from, to, default);
        Assert.Equal(exact.HoldoutFromUnixMs, pushed.HoldoutFromUnixMs);
        // One scan returns one row per (route, arm, holdout); the hash fallback also returns every EV bucket.
        Assert.Equal(oneScan, pushed.RowsRead < pushed.Ev!.Count);
        AssertSameBuckets(exact.PLand!, pushed.PLand!, options.Resolution);
        AssertSameBuckets(exact.Ev!, pushed.Ev!, options.EvResolution);
    }

    private static void AssertSameBuckets(CalibrationSample rows, CalibrationSample buckets, double resolution)
    {
        var expected = Bucket(rows, resolution, fromRows: true);
        var actual = Bucket(buckets, resolution, fromRows: false);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, e) in expected)
        {
            var a = actual[key];
            Assert.Equal(e.N, a.N);
            Assert.Equal(e.W, a.W, 1e-9 * Math.Max(1, e.W));
            Assert.Equal(e.Wy, a.Wy, 1e-9 * Math.Max(1, Math.Abs(e.Wy)));
        }
    }

    // Per (route, arm, holdout, k): rows, weight sum and weighted y sum.
    private static Dictionary<(string, string, bool, long), (double N, double W, double Wy)> Bucket(CalibrationSample s,
        double resolution, bool fromRows)
    {
        var result = new Dictionary<(string, string, bool, long), (double N, double W, double Wy)>();
        for (int i = 0; i < s.Count; i++)
        {
            long k = fromRows ? (long)Math.Floor(s.X[i] / resolution + 0.5) : (long)Math.Round(s.X[i] / resolution);
            var key = (s.RouteNames[s.Route[i]], s.ArmNames[s.Arm[i]], s.Holdout[i], k);
            var v = result.GetValueOrDefault(key);
            result[key] = (v.N + s.N[i], v.W + s.W[i], v.Wy + s.W[i] * s.Y[i]);
        }
        return result;
    }
}
