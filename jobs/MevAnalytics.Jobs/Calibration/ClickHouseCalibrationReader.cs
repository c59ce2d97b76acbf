using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>Reads the window from ClickHouse, push-down or exact, into <see cref="CalibrationSample"/>s (thin shell).</summary>
public static class ClickHouseCalibrationReader
{
    /// <summary>Reads [from, to) with the most recent <see cref="CalibrationOptions.HoldoutFraction"/> flagged as holdout.</summary>
    public static async Task<CalibrationDataSet> ReadAsync(ClickHouseGateway db, CalibrationOptions options, DateTime from, DateTime to,
        CancellationToken ct)
    {
        var holdoutFrom = to - TimeSpan.FromMilliseconds(Math.Round((to - from).TotalMilliseconds * options.HoldoutFraction));
        var parameters = CalibrationQueries.Parameters(from, to, holdoutFrom, options);
        long fromMs = Ms(from), toMs = Ms(to), holdoutMs = Ms(holdoutFrom);
        var bad = new BadRowTally($"landing_events [{from:u}, {to:u})");
        return options.Mode == CalibrationMode.PushDown
            ? await PushDownAsync(db, options, parameters, fromMs, toMs, holdoutMs, bad, ct)
            : await ExactAsync(db, options, parameters, fromMs, toMs, holdoutMs, bad, ct);
    }

    private static async Task<CalibrationDataSet> PushDownAsync(ClickHouseGateway db, CalibrationOptions options, QueryParameters parameters,
        long fromMs, long toMs, long holdoutMs, BadRowTally bad, CancellationToken ct)
    {
        var rows = await db.QueryAsync(CalibrationQueries.PushDown, parameters, r => new Bucket(
            r.GetFieldValue<byte>(0), r.GetString(1), r.GetFieldValue<byte>(2), Convert.ToBoolean(r.GetValue(3)), r.GetDouble(4),
            r.GetDouble(5), r.GetDouble(6), (long)r.GetFieldValue<ulong>(7), (long)r.GetFieldValue<ulong>(8), r.GetDouble(9)), ct);
        var routes = new NameCodes();
        var arms = new NameCodes();
        int pCount = rows.Count(b => b.Target == 0), eCount = rows.Count - pCount;
        var pland = new CalibrationSample(CalibrationTarget.PLand, pCount, routes.Names, arms.Names);
        var ev = options.FitEv ? new CalibrationSample(CalibrationTarget.Ev, eCount, routes.Names, arms.Names) : null;
        long index = 0;
        foreach (var b in rows)
        {
            index++;
            bool p = b.Target == 0;
            string xColumn = p ? "p_land_est" : "ev_est_sol", yColumn = p ? "landed" : "payoff_sol";
            if (b.Bad > 0) bad.Add(yColumn, p ? "a label outside {0,1}" : "a non-finite value", index, Format(b.ExampleY), b.Bad);
            if (b.N == 0) continue;
            if (!double.IsFinite(b.X)) { bad.Add(xColumn, "a NaN or infinite score", index, Format(b.X), b.N); continue; }
            if (!(b.WeightSum > 0) || !double.IsFinite(b.WeightSum) || !double.IsFinite(b.YSum))
            {
                bad.Add("weight", "a zero, negative or non-finite weight sum", index, Format(b.WeightSum), b.N);
                continue;
            }
            var sample = p ? pland : ev!;
            sample.Add(b.X, b.YSum / b.WeightSum, b.WeightSum, b.N, routes.Code(b.Route), arms.Code(b.Arm.ToString()), b.Holdout);
        }
        bad.ThrowUnlessSkipped(options.SkipBadRows);
        return new CalibrationDataSet(pland, ev, fromMs, toMs, holdoutMs, rows.Count, bad, "push-down landing_events", Bucketed: true);
    }

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

    private sealed record Bucket(byte Target, string Route, byte Arm, bool Holdout, double X, double WeightSum, double YSum, long N, long Bad, double ExampleY);
}
