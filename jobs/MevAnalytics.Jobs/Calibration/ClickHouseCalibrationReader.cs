using System.Globalization;
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
            var counts = (await db.QueryAsync(CalibrationQueries.BadRows, parameters, r =>
                (Score: Long(r.GetValue(0)), Range: Long(r.GetValue(1)), Label: Long(r.GetValue(2)), Ev: Long(r.GetValue(3)), Payoff: Long(r.GetValue(4)),
                 Example: r.GetDouble(5)), ct))[0];
            if (counts.Score > 0) bad.Add("p_land_est", "a NaN or infinite score", 0, Format(counts.Example), counts.Score);
            if (counts.Range > 0) bad.Add("p_land_est", "a score outside [0, 1]", 0, Format(counts.Example), counts.Range);
            if (counts.Label > 0) bad.Add("landed", "a label outside {0,1}", 0, ">1", counts.Label);
            if (options.FitEv && counts.Ev > 0) bad.Add("ev_est_sol", "a NaN or infinite score", 0, "NaN/inf", counts.Ev);
            if (options.FitEv && counts.Payoff > 0) bad.Add("payoff_sol", "a non-finite value", 0, "NaN/inf", counts.Payoff);
            bad.ThrowUnlessSkipped(options.SkipBadRows);
        }

        var routes = new NameCodes();
        var arms = new NameCodes();
        int pCount = groups.Sum(g => g.N.Count(v => v > 0));
        var pland = new CalibrationSample(CalibrationTarget.PLand, pCount, routes.Names, arms.Names);
        foreach (var g in groups)
        {
            int route = routes.Code(g.Route), arm = arms.Code(g.Arm.ToString(CultureInfo.InvariantCulture));
            for (int k = 0; k < g.N.Length; k++)
                if (g.N[k] > 0) pland.Add(k * options.Resolution, g.YSum[k] / g.WeightSum[k], g.WeightSum[k], g.N[k], route, arm, g.Holdout);
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
            bool pOk = true;
            if (!double.IsFinite(score)) { bad.Add("p_land_est", "a NaN or infinite score", index, Format(score)); pOk = false; }
            if (landed > 1) { bad.Add("landed", "a label outside {0,1}", index, landed.ToString()); pOk = false; }
            if (pOk) pland.Add(score, landed, w, 1, lastRouteCode, armCodes[arm], holdout);
            if (ev is null) return;
            bool eOk = true;
            if (!double.IsFinite(evEst)) { bad.Add("ev_est_sol", "a NaN or infinite score", index, Format(evEst)); eOk = false; }
            if (!double.IsFinite(payoff)) { bad.Add("payoff_sol", "a non-finite value", index, Format(payoff)); eOk = false; }
            if (eOk) ev.Add(evEst, payoff, w, 1, lastRouteCode, armCodes[arm], holdout);
        }, ct);
        bad.ThrowUnlessSkipped(options.SkipBadRows);
        return new CalibrationDataSet(pland, ev, fromMs, toMs, holdoutMs, read, bad, "exact landing_events", Bucketed: false);
    }

    private static long Ms(DateTime t) => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static string Format(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Histogram(string Route, byte Arm, bool Holdout, double[] N, double[] WeightSum, double[] YSum, long Rows);
}
