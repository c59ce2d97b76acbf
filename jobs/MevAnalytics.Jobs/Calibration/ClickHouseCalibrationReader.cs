using System.Globalization;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;
using MevAnalytics.Calibration.Validation;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Schema;
using MevAnalytics.Data.Sources;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>Reads the window from ClickHouse, push-down or exact, into <see cref="CalibrationSample"/>s (thin
/// shell).</summary>
public static class ClickHouseCalibrationReader
{
    /// <summary>Reads [from, to) with the most recent <see cref="CalibrationOptions.HoldoutFraction"/> of the time the
    /// window actually holds data for flagged as holdout (a window longer than the history would otherwise be all
    /// holdout). <paramref name="sources"/> picks the relation (default <c>landing_events</c>); a mapped source without
    /// route or tip arm fits global or per-route curves only.</summary>
    public static async Task<CalibrationDataSet> ReadAsync(ClickHouseGateway db, CalibrationOptions options,
        DateTime from, DateTime to, CancellationToken ct, SourcesOptions? sources = null)
    {
        var input = new Input(sources?.Relation(SourceKind.Landing) ?? SourceKind.Landing.OwnTable,
            sources?.Has(SourceKind.Landing, "Route") ?? true, sources?.Has(SourceKind.Landing, "TipArm") ?? true);
        var data = await ReadAsync(db, options, from, to, input, ct);
        return data with { HasRoute = input.HasRoute, HasArm = input.HasArm };
    }

    private sealed record Input(string Relation, bool HasRoute, bool HasArm)
    {
        public string Sql(string query) =>
            query.Replace(CalibrationQueries.Landing, Relation, StringComparison.Ordinal);
    }

    private static async Task<CalibrationDataSet> ReadAsync(ClickHouseGateway db, CalibrationOptions options,
        DateTime from, DateTime to, Input input, CancellationToken ct)
    {
        bool pushDown = options.Mode == CalibrationMode.PushDown;
        var span = await SpanAsync(db, CalibrationQueries.Parameters(from, to, from, options), from, to, input, ct);
        var holdout = Math.Round((span.To - span.From).TotalMilliseconds * options.HoldoutFraction);
        var holdoutFrom = span.To - TimeSpan.FromMilliseconds(holdout);
        long fromMs = Ms(from), toMs = Ms(to), holdoutMs = Ms(holdoutFrom);
        var bad = new BadRowTally($"{input.Relation} [{from:u}, {to:u})");
        if (!pushDown)
            return await ExactAsync(db, options, CalibrationQueries.Parameters(from, to, holdoutFrom, options), fromMs,
                toMs, holdoutMs, bad, input, ct);
        return await PushDownAsync(db, options, from, to, holdoutFrom, fromMs, toMs, holdoutMs, bad, input, ct);
    }

    /// <summary>First and last send time within [from, to) (the window itself when it is empty).</summary>
    private static async Task<(DateTime From, DateTime To)> SpanAsync(ClickHouseGateway db, QueryParameters parameters,
        DateTime from, DateTime to, Input input, CancellationToken ct)
    {
        var span = (await db.QueryAsync(input.Sql(CalibrationQueries.Span), parameters, r => (N: Long(r.GetValue(0)),
            Min: Long(r.GetValue(1)), Max: Long(r.GetValue(2))), ct)).Single();
        if (span.N == 0) return (from, to);
        var first = DateTime.UnixEpoch.AddMilliseconds(span.Min);
        var last = DateTime.UnixEpoch.AddMilliseconds(span.Max + 1);
        return (first < from ? from : first, last > to ? to : last);
    }

    private static async Task<CalibrationDataSet> PushDownAsync(ClickHouseGateway db, CalibrationOptions options,
        DateTime from, DateTime to, DateTime holdoutFrom, long fromMs, long toMs, long holdoutMs, BadRowTally bad,
        Input input, CancellationToken ct)
    {
        bool decay = options.HalfLife is not null;
        var parameters = CalibrationQueries.Parameters(from, to, holdoutFrom, options);
        var (groups, rolledDays) = decay
            ? (await HistogramsAsync(db, parameters, decay, pland: true, options.FitEv, input, ct), 0)
            : await FirstPassAsync(db, options, from, to, holdoutFrom, input, ct);
        // EV rode along in slots k mod EvWrapSlots; a wider range of buckets is read again: as one histogram when it
        // fits MaxEvSlots, else grouped by bucket in a hash table (a long tail of estimates).
        bool ev = options.FitEv && groups.Any(g => g.ERows > 0);
        List<(string Route, byte Arm, bool Holdout, long K, double W, double Y, double N)>? buckets = null;
        long spread = ev ? EvSpread(groups) : 0;
        if (spread >= CalibrationQueries.EvWrapSlots && spread < CalibrationQueries.MaxEvSlots)
        {
            long mod = (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)spread + 1);
            var evGroups = await HistogramsAsync(db, CalibrationQueries.Parameters(from, to, holdoutFrom, options, mod),
                decay, pland: false, ev: true, input, ct, mod);
            var evByGroup = evGroups.ToDictionary(e => (e.Route, e.Arm));
            if (evGroups.Count != groups.Count || EvSpread(evGroups) >= mod
                || groups.Any(g => !evByGroup.ContainsKey((g.Route, g.Arm))))
                throw new InvalidOperationException(
                    $"{input.Relation} changed while being read (EV buckets wider than just measured); rerun the job.");
            groups = [.. groups.Select(g => evByGroup[(g.Route, g.Arm)] is var e ? g with
            {
                ERows = e.ERows, EvMin = e.EvMin, EvMax = e.EvMax, EN = e.EN, EW = e.EW, EY = e.EY,
            } : g)];
        }
        else if (spread >= CalibrationQueries.MaxEvSlots)
        {
            buckets = await db.QueryAsync(input.Sql(CalibrationQueries.PushDownEv(decay)), parameters, r => (
                Route: r.GetString(0), Arm: r.GetFieldValue<byte>(1), Holdout: Convert.ToBoolean(r.GetValue(2)),
                K: r.GetInt64(3), W: r.GetDouble(4), Y: r.GetDouble(5), N: (double)r.GetFieldValue<ulong>(6)), ct);
            ev = false;
        }
        // A key must be a segment name (valid UTF-8, no '/'): a bad route's rows are bad rows, the others are fitted.
        foreach (var g in groups.Where(g => RouteProblem(g.Route) is not null))
            bad.Add("route", RouteProblem(g.Route)!, 0,
                $"{SegmentKey.Quote(g.Route)} (tip arm {g.Arm}, {g.Rows:N0} rows)", g.Rows);
        groups = [.. groups.Where(g => RouteProblem(g.Route) is null)];
        buckets = buckets?.Where(b => RouteProblem(b.Route) is null).ToList();
        bad.ThrowUnlessSkipped(options.SkipBadRows);
        long windowRows = groups.Sum(g => g.Rows);
        long pGood = (long)groups.Sum(g => g.PN!.Sum());
        long evGood = !options.FitEv ? windowRows
            : buckets is not null ? (long)buckets.Sum(b => b.N) : (long)groups.Sum(g => g.EN.Sum(h => h?.Sum() ?? 0));
        if (ev && evGood != groups.Sum(g => g.ERows))
            throw new InvalidOperationException(
                $"{input.Relation} changed while being read (EV rows outside the range just measured); rerun the job.");
        if (pGood != windowRows || evGood != windowRows)
        {
            var columns = CalibrationQueries.Checked;
            var row = (await db.QueryAsync(input.Sql(CalibrationQueries.BadRows), parameters,
                r => Enumerable.Range(0, columns.Count).Select(i => (N: Long(r.GetValue(3 * i)),
                    Ts: Long(r.GetValue(3 * i + 1)),
                    Value: Convert.ToDouble(r.GetValue(3 * i + 2), CultureInfo.InvariantCulture))).ToArray(), ct))[0];
            for (int i = 0; i < columns.Count; i++)
            {
                if (row[i].N == 0 || (!options.FitEv && columns[i].Column is "ev_est_sol" or "payoff_sol")) continue;
                bad.Add(columns[i].Column, columns[i].Rule.Problem, 0,
                    $"{Format(row[i].Value)} at ts {Time(row[i].Ts)}", row[i].N);
            }
            bad.ThrowUnlessSkipped(options.SkipBadRows);
        }

        // Per group, half h (0 train, 1 holdout) holds slots h * p_slots + 2k (bucket k's not-landed rows) and
        // h * p_slots + 2k + 1 (its landed ones); weights likewise.
        CalibrationInputRules.RequireSomeWeight($"push-down {input.Relation}", groups.Sum(g => g.PW!.Sum()), pGood,
            options.HalfLife);
        var routes = new NameCodes();
        var arms = new NameCodes();
        int pCount = groups.Sum(g =>
            Enumerable.Range(0, g.PN!.Length / 2).Count(k => g.PN[2 * k] + g.PN[2 * k + 1] > 0));
        var pland = new CalibrationSample(CalibrationTarget.PLand, pCount, routes.Names, arms.Names);
        foreach (var g in groups)
        {
            int route = routes.Code(g.Route), arm = arms.Code(g.Arm.ToString(CultureInfo.InvariantCulture));
            int half = g.PN!.Length / 2;
            for (int h = 0; h < 2; h++)
                for (int k = 0, o = h * half; 2 * k + 1 < half; k++)
                {
                    double n = g.PN[o + 2 * k] + g.PN[o + 2 * k + 1];
                    double w = g.PW![o + 2 * k] + g.PW[o + 2 * k + 1], y = g.PW[o + 2 * k + 1];
                    if (n > 0 && w > 0) pland.Add(k * options.Resolution, y / w, w, n, route, arm, h == 1);
                }
        }
        long rowsRead = groups.Count;
        CalibrationSample? evSample = null;
        if (ev)
        {
            int evCount = groups.Sum(g => g.EN.Sum(h => h!.Count(n => n > 0)));
            evSample = new CalibrationSample(CalibrationTarget.Ev, evCount, routes.Names, arms.Names);
            foreach (var g in groups)
            {
                int route = routes.Code(g.Route), arm = arms.Code(g.Arm.ToString(CultureInfo.InvariantCulture));
                for (int h = 0; h < 2; h++)
                {
                    double[] en = g.EN[h]!, ew = g.EW[h]!, ey = g.EY[h]!;
                    for (int i = 0; i < en.Length; i++)
                        if (en[i] > 0 && ew[i] > 0)
                            evSample.Add((g.EvMin + i) * options.EvResolution, ey[i] / ew[i], ew[i], en[i], route, arm,
                                h == 1);
                }
            }
        }
        else if (buckets is not null)
        {
            evSample = new CalibrationSample(CalibrationTarget.Ev, buckets.Count, routes.Names, arms.Names);
            foreach (var b in buckets)
                if (b.W > 0)
                    evSample.Add(b.K * options.EvResolution, b.Y / b.W, b.W, b.N, routes.Code(b.Route),
                        arms.Code(b.Arm.ToString(CultureInfo.InvariantCulture)), b.Holdout);
            rowsRead += buckets.Count;
        }
        return new CalibrationDataSet(pland, evSample, fromMs, toMs, holdoutMs, rowsRead, bad,
            $"push-down {input.Relation}", Bucketed: true, RolledDays: rolledDays);
    }

    /// <summary>Runs <see cref="CalibrationQueries.PushDown(bool, bool, bool)"/>: one row per (route, arm) with its
    /// histograms.</summary>
    private static Task<List<PushDownHistograms>> HistogramsAsync(ClickHouseGateway db, QueryParameters parameters,
        bool decay, bool pland, bool ev, Input input, CancellationToken ct,
        long evSlots = CalibrationQueries.EvWrapSlots)
        => HistogramsAsync(db, input.Sql(CalibrationQueries.PushDown(decay, pland, ev)), parameters, decay, pland, ev,
            evSlots, ct);

    // The whole days the daily rollup holds completely (none holding the holdout start) are read from it as
    // aggregates, the rest of the window from the rows; the two add up to the histograms of the whole window. The
    // rollup counts by the default resolutions and without decay weights: otherwise every row is read.
    private static async Task<(List<PushDownHistograms> Groups, int RolledDays)> FirstPassAsync(ClickHouseGateway db,
        CalibrationOptions options, DateTime from, DateTime to, DateTime holdoutFrom, Input input, CancellationToken ct)
    {
        var parameters = CalibrationQueries.Parameters(from, to, holdoutFrom, options);
        bool rollup = options.HalfLife is null && options.Resolution == CalibrationRollup.Resolution
                      && (!options.FitEv || options.EvResolution == CalibrationRollup.EvResolution);
        var days = rollup ? await RolledDaysAsync(db, from, to, holdoutFrom, input, ct) : [];
        if (days.Count == 0)
            return (await HistogramsAsync(db, parameters, decay: false, pland: true, options.FitEv, input, ct), 0);
        var raw = RawIntervals(from, to, days);
        var rows = new List<PushDownHistograms>();
        if (raw.Count > 0)
        {
            var rawParameters = CalibrationQueries.Parameters(from, to, holdoutFrom, options);
            for (int i = 0; i < raw.Count; i++)
                rawParameters.Add($"raw_from_{i}", raw[i].From).Add($"raw_to_{i}", raw[i].To);
            rows = await HistogramsAsync(db,
                input.Sql(CalibrationQueries.PushDown(false, pland: true, options.FitEv, raw.Count)), rawParameters,
                decay: false, pland: true, options.FitEv, CalibrationQueries.EvWrapSlots, ct);
        }
        var holdoutDay = holdoutFrom == holdoutFrom.Date ? holdoutFrom.Date : holdoutFrom.Date.AddDays(1);
        var rolledParameters = CalibrationQueries.Parameters(from, to, holdoutFrom, options)
            .Add("rolled", days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray())
            .Add("rolled_from", days[0]).Add("rolled_to", days[^1].AddDays(1)).Add("holdout_day", holdoutDay);
        var rolled = await HistogramsAsync(db, CalibrationQueries.RollupPushDown(pland: true, options.FitEv),
            rolledParameters, decay: false, pland: true, options.FitEv, CalibrationQueries.EvWrapSlots, ct);
        return (PushDownHistograms.Combine(rows.Concat(rolled), CalibrationQueries.EvWrapSlots), days.Count);
    }

    private static async Task<List<DateTime>> RolledDaysAsync(ClickHouseGateway db, DateTime from, DateTime to,
        DateTime holdoutFrom, Input input, CancellationToken ct)
    {
        var first = from == from.Date ? from.Date : from.Date.AddDays(1);
        if (to.Date <= first) return [];
        var counts = await db.QueryAsync(input.Sql(CalibrationQueries.DayCounts),
            new QueryParameters().Add("whole_from", first).Add("whole_to", to.Date),
            r => (Day: DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc), Raw: Long(r.GetValue(1)),
                Rolled: Long(r.GetValue(2))), ct);
        return [.. counts.Where(c => c.Raw > 0 && c.Raw == c.Rolled
                                     && !(c.Day < holdoutFrom && holdoutFrom < c.Day.AddDays(1))).Select(c => c.Day)];
    }

    // The window [from, to) less the (sorted) rolled days, as intervals.
    private static List<(DateTime From, DateTime To)> RawIntervals(DateTime from, DateTime to, List<DateTime> days)
    {
        var intervals = new List<(DateTime, DateTime)>();
        var cursor = from;
        foreach (var day in days)
        {
            if (cursor < day) intervals.Add((cursor, day));
            cursor = day.AddDays(1);
        }
        if (cursor < to) intervals.Add((cursor, to));
        return intervals;
    }

    // One row per (route, arm) and shard, added per group.
    private static async Task<List<PushDownHistograms>> HistogramsAsync(ClickHouseGateway db, string sql,
        QueryParameters parameters, bool decay, bool pland, bool ev, long evSlots, CancellationToken ct) =>
        PushDownHistograms.Combine(await db.QueryAsync(sql, parameters, r =>
        {
            int c = 3;
            double[]? pN = null, pW = null;
            if (pland)
            {
                pN = Doubles(r.GetValue(c++));
                pW = decay ? Doubles(r.GetValue(c++)) : pN;
            }
            long eRows = 0, eMin = 0, eMax = 0;
            var (eN, eW, eY) = (new double[]?[2], new double[]?[2], new double[]?[2]);
            if (ev)
            {
                (eRows, eMin, eMax) = (Long(r.GetValue(c++)), Long(r.GetValue(c++)), Long(r.GetValue(c++)));
                for (int h = 0; h < 2; h++)
                {
                    eN[h] = Doubles(r.GetValue(c++));
                    eW[h] = decay ? Doubles(r.GetValue(c++)) : eN[h];
                    eY[h] = Doubles(r.GetValue(c++));
                }
            }
            return new PushDownHistograms(r.GetString(0), r.GetFieldValue<byte>(1), Long(r.GetValue(2)), pN, pW, eRows,
                eMin, eMax, eN, eW, eY);
        }, ct), evSlots);

    // Highest minus lowest EV bucket over the groups with EV rows.
    private static long EvSpread(List<PushDownHistograms> groups) =>
        groups.Where(g => g.ERows > 0).Max(g => g.EvMax) - groups.Where(g => g.ERows > 0).Min(g => g.EvMin);

    private static double[] Doubles(object value) => value switch
    {
        double[] d => d,
        ulong[] u => Array.ConvertAll(u, v => (double)v),
        IEnumerable<double> e => e.ToArray(),
        System.Collections.IEnumerable e =>
            e.Cast<object>().Select(o => Convert.ToDouble(o, CultureInfo.InvariantCulture)).ToArray(),
        _ => throw new InvalidOperationException($"expected an array from ClickHouse, got {value.GetType().Name}"),
    };

    private static long Long(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static async Task<CalibrationDataSet> ExactAsync(ClickHouseGateway db, CalibrationOptions options,
        QueryParameters parameters, long fromMs, long toMs, long holdoutMs, BadRowTally bad, Input input,
        CancellationToken ct)
    {
        long count = await db.ScalarAsync<long>(input.Sql(CalibrationQueries.Count), parameters, ct);
        if (count > int.MaxValue)
            throw new ArgumentException($"window holds {count} rows, more than an exact fit can hold; use push-down.");
        var routes = new NameCodes();
        var arms = new NameCodes();
        var pland = new CalibrationSample(CalibrationTarget.PLand, (int)count, routes.Names, arms.Names);
        var ev = options.FitEv
            ? new CalibrationSample(CalibrationTarget.Ev, (int)count, routes.Names, arms.Names)
            : null;
        string? lastRoute = null, lastRouteProblem = null;
        int lastRouteCode = 0;
        var armCodes = new int[256];
        Array.Fill(armCodes, -1);
        long index = 0;
        long read = await db.StreamAsync(input.Sql(CalibrationQueries.Exact), parameters, r =>
        {
            index++;
            if (pland.Count >= count)
                throw new InvalidOperationException($"{input.Relation} grew while being read; rerun the job.");
            double score = r.GetDouble(0), evEst = r.GetDouble(2), payoff = r.GetDouble(3), w = r.GetDouble(4);
            byte landed = r.GetFieldValue<byte>(1);
            string route = r.GetString(5);
            byte arm = r.GetFieldValue<byte>(6);
            bool holdout = r.GetInt64(7) >= holdoutMs;
            if (!ReferenceEquals(route, lastRoute) && route != lastRoute)
            {
                lastRoute = route;
                lastRouteProblem = RouteProblem(route);
                lastRouteCode = lastRouteProblem is null ? routes.Code(route) : -1;
            }
            if (lastRouteProblem is not null)
            {
                bad.Add("route", lastRouteProblem, index, $"{SegmentKey.Quote(route)} at ts {Time(r.GetInt64(7))}");
                return;
            }
            if (armCodes[arm] < 0) armCodes[arm] = arms.Code(arm.ToString());
            bool pOk = Check(CalibrationInputRules.Score, "p_land_est", score)
                & Check(CalibrationInputRules.Label, "landed", landed);
            if (pOk) pland.Add(score, landed, w, 1, lastRouteCode, armCodes[arm], holdout);
            if (ev is null) return;
            bool eOk = Check(CalibrationInputRules.EvEstimate, "ev_est_sol", evEst)
                & Check(CalibrationInputRules.Payoff, "payoff_sol", payoff);
            bool Check(InputRule rule, string column, double value)
            {
                if (rule.Accepts(value)) return true;
                bad.Add(column, rule.Problem, index,
                    $"{Format(value)} at ts {Time(r.GetInt64(7))}, route {route}, arm {arm}");
                return false;
            }
            if (eOk) ev.Add(evEst, payoff, w, 1, lastRouteCode, armCodes[arm], holdout);
        }, ct);
        bad.ThrowUnlessSkipped(options.SkipBadRows);
        return new CalibrationDataSet(pland, ev, fromMs, toMs, holdoutMs, read, bad, $"exact {input.Relation}",
            Bucketed: false);
    }

    // An empty route is a source without a route column (docs/sources.md): it is fitted as one, with no route segment.
    private static string? RouteProblem(string route) => route.Length == 0 ? null : SegmentKey.NameProblem(route);

    private static string Time(long unixMs) =>
        DateTime.UnixEpoch.AddMilliseconds(unixMs)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static long Ms(DateTime t) =>
        new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static string Format(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

}
