using MevAnalytics.Calibration.Samples;
using System.Globalization;
using MevAnalytics.Calibration.Validation;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>Reads the window from ClickHouse, push-down or exact, into <see cref="CalibrationSample"/>s (thin shell).</summary>
public static class ClickHouseCalibrationReader
{
    /// <summary>Reads [from, to) with the most recent <see cref="CalibrationOptions.HoldoutFraction"/> of the time the window
    /// actually holds data for flagged as holdout (a window longer than the history would otherwise be all holdout).</summary>
    public static async Task<CalibrationDataSet> ReadAsync(ClickHouseGateway db, CalibrationOptions options, DateTime from, DateTime to,
        CancellationToken ct)
    {
        var (dataFrom, dataTo) = await DataSpanAsync(db, from, to, ct);
        var holdoutFrom = dataTo - TimeSpan.FromMilliseconds(Math.Round((dataTo - dataFrom).TotalMilliseconds * options.HoldoutFraction));
        var parameters = CalibrationQueries.Parameters(from, to, holdoutFrom, options);
        long fromMs = Ms(from), toMs = Ms(to), holdoutMs = Ms(holdoutFrom);
        var bad = new BadRowTally($"landing_events [{from:u}, {to:u})");
        return options.Mode == CalibrationMode.PushDown
            ? await PushDownAsync(db, options, parameters, fromMs, toMs, holdoutMs, bad, ct)
            : await ExactAsync(db, options, parameters, fromMs, toMs, holdoutMs, bad, ct);
    }

    /// <summary>First and last send time within [from, to); the window itself when it is empty.</summary>
    private static async Task<(DateTime From, DateTime To)> DataSpanAsync(ClickHouseGateway db, DateTime from, DateTime to, CancellationToken ct)
    {
        var span = await db.QueryAsync("""
            SELECT count(), toUnixTimestamp64Milli(min(ts)), toUnixTimestamp64Milli(max(ts))
            FROM landing_events WHERE ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}
            """, new QueryParameters().Add("from", from).Add("to", to), r => (N: Long(r.GetValue(0)), Min: Long(r.GetValue(1)), Max: Long(r.GetValue(2))), ct);
        if (span.Count == 0 || span[0].N == 0) return (from, to);
        var first = DateTime.UnixEpoch.AddMilliseconds(span[0].Min);
        var last = DateTime.UnixEpoch.AddMilliseconds(span[0].Max + 1);
        return (first < from ? from : first, last > to ? to : last);
    }

    private static async Task<CalibrationDataSet> PushDownAsync(ClickHouseGateway db, CalibrationOptions options, QueryParameters parameters,
        long fromMs, long toMs, long holdoutMs, BadRowTally bad, CancellationToken ct)
    {
        bool decay = options.HalfLife is not null;
        var groups = await db.QueryAsync(CalibrationQueries.PushDownPLand(decay), parameters, r => new Histogram(
            r.GetString(0), r.GetFieldValue<byte>(1), Convert.ToBoolean(r.GetValue(2)), Doubles(r.GetValue(3)), Doubles(r.GetValue(4)),
            Doubles(r.GetValue(5)), Long(r.GetValue(6))), ct);
        long windowRows = groups.Sum(g => g.Rows);
        long pGood = (long)groups.Sum(g => g.N.Sum());
        List<(string Route, byte Arm, bool Holdout, long K, double W, double Y, double N)>? buckets = null;
        if (options.FitEv)
            buckets = await db.QueryAsync(CalibrationQueries.PushDownEv(decay), parameters, r => (Route: r.GetString(0), Arm: r.GetFieldValue<byte>(1),
                Holdout: Convert.ToBoolean(r.GetValue(2)), K: r.GetInt64(3), W: r.GetDouble(4), Y: r.GetDouble(5), N: (double)r.GetFieldValue<ulong>(6)), ct);
        long evGood = buckets is null ? windowRows : (long)buckets.Sum(b => b.N);
        if (pGood != windowRows || evGood != windowRows)
        {
            var columns = CalibrationQueries.Checked;
            var row = (await db.QueryAsync(CalibrationQueries.BadRows, parameters,
                r => Enumerable.Range(0, columns.Count).Select(i => (N: Long(r.GetValue(3 * i)), Ts: Long(r.GetValue(3 * i + 1)),
                    Value: Convert.ToDouble(r.GetValue(3 * i + 2), CultureInfo.InvariantCulture))).ToArray(), ct))[0];
            for (int i = 0; i < columns.Count; i++)
            {
                if (row[i].N == 0 || (!options.FitEv && columns[i].Column is "ev_est_sol" or "payoff_sol")) continue;
                bad.Add(columns[i].Column, columns[i].Rule.Problem, 0, $"{Format(row[i].Value)} at ts {Time(row[i].Ts)}", row[i].N);
            }
            bad.ThrowUnlessSkipped(options.SkipBadRows);
        }

        CalibrationInputRules.RequireSomeWeight("push-down landing_events", groups.Sum(g => g.WeightSum.Sum()), pGood, options.HalfLife);
        var routes = new NameCodes();
        var arms = new NameCodes();
        int pCount = groups.Sum(g => g.N.Count(v => v > 0));
        var pland = new CalibrationSample(CalibrationTarget.PLand, pCount, routes.Names, arms.Names);
        foreach (var g in groups)
        {
            int route = routes.Code(g.Route), arm = arms.Code(g.Arm.ToString(CultureInfo.InvariantCulture));
            for (int k = 0; k < g.N.Length; k++)
                if (g.N[k] > 0 && g.WeightSum[k] > 0) pland.Add(k * options.Resolution, g.YSum[k] / g.WeightSum[k], g.WeightSum[k], g.N[k], route, arm, g.Holdout);
        }
        long rowsRead = groups.Count;
        CalibrationSample? ev = null;
        if (buckets is not null)
        {
            ev = new CalibrationSample(CalibrationTarget.Ev, buckets.Count, routes.Names, arms.Names);
            foreach (var b in buckets)
                if (b.W > 0)
                    ev.Add(b.K * options.EvResolution, b.Y / b.W, b.W, b.N, routes.Code(b.Route), arms.Code(b.Arm.ToString(CultureInfo.InvariantCulture)), b.Holdout);
            rowsRead += buckets.Count;
        }
        return new CalibrationDataSet(pland, ev, fromMs, toMs, holdoutMs, rowsRead, bad, "push-down landing_events", Bucketed: true);
    }

    private static double[] Doubles(object value) => value switch
    {
        double[] d => d,
        IEnumerable<double> e => e.ToArray(),
        System.Collections.IEnumerable e => e.Cast<object>().Select(o => Convert.ToDouble(o, CultureInfo.InvariantCulture)).ToArray(),
        _ => throw new InvalidOperationException($"expected an array from ClickHouse, got {value.GetType().Name}"),
    };

    private static long Long(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static async Task<CalibrationDataSet> ExactAsync(ClickHouseGateway db, CalibrationOptions options, QueryParameters parameters,
        long fromMs, long toMs, long holdoutMs, BadRowTally bad, CancellationToken ct)
    {
        long count = await db.ScalarAsync<long>(CalibrationQueries.Count, parameters, ct);
        if (count > int.MaxValue) throw new ArgumentException($"window holds {count} rows, more than an exact fit can hold; use push-down.");
        var routes = new NameCodes();
        var arms = new NameCodes();
        var pland = new CalibrationSample(CalibrationTarget.PLand, (int)count, routes.Names, arms.Names);
        var ev = options.FitEv ? new CalibrationSample(CalibrationTarget.Ev, (int)count, routes.Names, arms.Names) : null;
        string? lastRoute = null;
        int lastRouteCode = 0;
        var armCodes = new int[256];
        Array.Fill(armCodes, -1);
        long index = 0;
        long read = await db.StreamAsync(CalibrationQueries.Exact, parameters, r =>
        {
            index++;
            if (pland.Count >= count) throw new InvalidOperationException("landing_events grew while being read; rerun the job.");
            double score = r.GetDouble(0), evEst = r.GetDouble(2), payoff = r.GetDouble(3), w = r.GetDouble(4);
            byte landed = r.GetFieldValue<byte>(1);
            string route = r.GetString(5);
            byte arm = r.GetFieldValue<byte>(6);
            bool holdout = r.GetInt64(7) >= holdoutMs;
            if (!ReferenceEquals(route, lastRoute) && route != lastRoute) { lastRoute = route; lastRouteCode = routes.Code(route); }
            if (armCodes[arm] < 0) armCodes[arm] = arms.Code(arm.ToString());
            bool pOk = Check(CalibrationInputRules.Score, "p_land_est", score) & Check(CalibrationInputRules.Label, "landed", landed);
            if (pOk) pland.Add(score, landed, w, 1, lastRouteCode, armCodes[arm], holdout);
            if (ev is null) return;
            bool eOk = Check(CalibrationInputRules.EvEstimate, "ev_est_sol", evEst) & Check(CalibrationInputRules.Payoff, "payoff_sol", payoff);
            bool Check(InputRule rule, string column, double value)
            {
                if (rule.Accepts(value)) return true;
                bad.Add(column, rule.Problem, index, $"{Format(value)} at ts {Time(r.GetInt64(7))}, route {route}, arm {arm}");
                return false;
            }
            if (eOk) ev.Add(evEst, payoff, w, 1, lastRouteCode, armCodes[arm], holdout);
        }, ct);
        bad.ThrowUnlessSkipped(options.SkipBadRows);
        return new CalibrationDataSet(pland, ev, fromMs, toMs, holdoutMs, read, bad, "exact landing_events", Bucketed: false);
    }

    private static string Time(long unixMs) =>
        DateTime.UnixEpoch.AddMilliseconds(unixMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static long Ms(DateTime t) => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static string Format(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Histogram(string Route, byte Arm, bool Holdout, double[] N, double[] WeightSum, double[] YSum, long Rows);
}
