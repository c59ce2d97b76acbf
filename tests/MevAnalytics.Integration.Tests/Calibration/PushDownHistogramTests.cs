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

    [Fact]
    public async Task Whole_days_read_from_the_daily_rollup_add_up_to_the_exact_rows_and_a_day_it_misses_is_read_raw()
    {
        // Its own rows, far before the simulated history: five days with EV estimates narrow enough for
        // the one-scan EV histogram, so both targets go through the rollup.
        var start = CalibrationFixture.End.AddDays(-150).Date;
        const string marker = "rollup-days-test";
        var parameters = new MevAnalytics.Data.Connection.QueryParameters().Add("at", start).Add("m", marker);
        if (await fx.Store.Db.ScalarAsync<long>("SELECT count() FROM landing_events WHERE model_id = {m:String}",
                parameters) == 0)
            await fx.Store.Db.ExecuteAsync("""
                INSERT INTO landing_events (ts, slot, leader, leader_group, route, tip_arm, tip_lamports, p_land_est,
                                            ev_est_sol, propensity, phase_offset_ms, landed, payoff_sol,
                                            land_latency_ms, model_id, policy)
                SELECT {at:DateTime64(3, 'UTC')} + toIntervalMillisecond(number * 7561), number, 'L', 'agave',
                       ['a', 'b'][1 + number % 2], toUInt8(number % 3), 1000,
                       cityHash64(number, 1) / 18446744073709551616. AS u,
                       0.001 + 0.02 * cityHash64(number, 3) / 18446744073709551616., 0.5, 10,
                       toUInt8(cityHash64(number, 2) / 18446744073709551616. < u), 0.001 * (number % 17), NULL,
                       {m:String}, 'p'
                FROM numbers(60000)
                """, parameters);
        var options = new CalibrationOptions();
        // Partial first and last days, three whole days of which the last holds the holdout start.
        var from = start.AddHours(13.5);
        var to = start.AddDays(4).AddHours(9.25);

        async Task<(CalibrationDataSet Exact, CalibrationDataSet Pushed)> ReadBothAsync()
        {
            options.Mode = CalibrationMode.Exact;
            var exact = await ClickHouseCalibrationReader.ReadAsync(fx.Store.Db, options, from, to, default);
            options.Mode = CalibrationMode.PushDown;
            return (exact, await ClickHouseCalibrationReader.ReadAsync(fx.Store.Db, options, from, to, default));
        }

        var (exact, pushed) = await ReadBothAsync();
        Assert.Equal(2, pushed.RolledDays);
        Assert.True(pushed.RowsRead < pushed.Ev!.Count); // one scan: EV came as histograms, rollup and rows added
        AssertSameBuckets(exact.PLand!, pushed.PLand!, options.Resolution);
        AssertSameBuckets(exact.Ev!, pushed.Ev!, options.EvResolution);

        // A day the rollup does not hold whole (rows lost from it) is read from the rows: the buckets stay exact.
        var rolled = start.AddDays(1);
        await fx.Store.Db.ExecuteAsync("ALTER TABLE rollup_calibration_1d DELETE WHERE day = {d:Date} AND k % 2 = 0 " +
                                       "SETTINGS mutations_sync = 2", new MevAnalytics.Data.Connection.QueryParameters()
                                           .Add("d", rolled));
        var (exactAgain, partly) = await ReadBothAsync();
        Assert.Equal(pushed.RolledDays - 1, partly.RolledDays);
        AssertSameBuckets(exactAgain.PLand!, partly.PLand!, options.Resolution);
        AssertSameBuckets(exactAgain.Ev!, partly.Ev!, options.EvResolution);
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
