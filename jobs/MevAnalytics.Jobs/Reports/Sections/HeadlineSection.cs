using MevAnalytics.Calibration.Runs;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Reports.Charts;
using MevAnalytics.Reports.Documents;
using MevAnalytics.Reports.Statistics;

namespace MevAnalytics.Jobs.Reports.Sections;

/// <summary>Section 1: this window against the previous one per route and overall, and what needs attention.</summary>
public static class HeadlineSection
{
    private static readonly string Gated = JobOutcome.NameOf(JobStatus.Gated);
    private static readonly string Failed = JobOutcome.NameOf(JobStatus.Failed);

    public const string Overall = "all routes";

    public static ReportSection Build(ReportInputs input, RoutePalette palette)
    {
        var current = input.Routes.ToDictionary(r => r.Route, StringComparer.Ordinal);
        var before = input.PreviousRoutes.ToDictionary(r => r.Route, StringComparer.Ordinal);
        var p99 = input.Latency.ToDictionary(l => l.Route, l => l.P99Ms, StringComparer.Ordinal);
        var p99Before = input.PreviousLatency.ToDictionary(l => l.Route, l => l.P99Ms, StringComparer.Ordinal);
        var names = current.Keys.Concat(before.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToList();

        // Like with like: a previous window that its data covers too little of (the history started inside it) gives
        // no deltas and puts nothing on the attention list.
        bool comparable = input.Comparable;
        var rows = new List<IReadOnlyList<string>>();
        var attention = new List<string>();
        foreach (var name in names.Append(Overall))
        {
            var now = name == Overall
                ? RouteTotals.Sum(Overall, input.Routes)
                : current.GetValueOrDefault(name) ?? new RouteTotals(name, 0, 0, 0, 0);
            var then = name == Overall
                ? RouteTotals.Sum(Overall, input.PreviousRoutes)
                : before.GetValueOrDefault(name) ?? new RouteTotals(name, 0, 0, 0, 0);
            double z = comparable ? ProportionShift.Z(then.Lands, then.Sends, now.Lands, now.Sends) : double.NaN;
            if (!comparable) then = new RouteTotals(name, 0, 0, 0, 0);
            double latencyNow = name == Overall ? double.NaN : p99.GetValueOrDefault(name, double.NaN);
            double latencyThen = name == Overall || !comparable ? double.NaN
                : p99Before.GetValueOrDefault(name, double.NaN);
            rows.Add(
            [
                name, Cells.Num(now.LandingRate, "0.0000"), Cells.Delta(now.LandingRate, then.LandingRate, "0.0000"),
                Cells.Num(z, "0.0"),
                Cells.Int(now.Sends), Cells.DeltaPercent(now.Sends, then.Sends),
                Cells.Num(now.NetEvPerSendSol, "0.000000"),
                Cells.Delta(now.NetEvPerSendSol, then.NetEvPerSendSol, "0.000000"),
                Cells.Num(now.TipSpendSol, "0.000"), Cells.DeltaPercent(now.TipSpendSol, then.TipSpendSol),
                Cells.Num(latencyNow, "0.0"), Cells.Delta(latencyNow, latencyThen, "0.0"),
            ]);
            // Significant and large enough to matter: with millions of sends a 0.1-point move is already significant.
            if (double.IsFinite(z) && Math.Abs(z) > ProportionShift.AttentionZ
                && Math.Abs(now.LandingRate - then.LandingRate) >= input.Options.AttentionLandingRateChange)
                attention.Add($"{name}: landing rate {(z > 0 ? "rose" : "fell")} from {then.LandingRate:0.0000} " +
                    $"to {now.LandingRate:0.0000} (z = {z:0.0})");
        }
        var table = new ReportTable("This window vs the previous window", [
                "route", "landing rate", "Δ", "z", "sends", "Δ sends", "net EV/send (SOL)", "Δ", "tip spend (SOL)",
                "Δ tips", "p99 (ms)", "Δ p99"],
            rows, $"This window: {Cells.Time(input.Window.From)} .. {Cells.Time(input.Window.To)} UTC. " +
                  (comparable ? Comparison(input) : NotComparable(input)));

        var blocks = new List<ReportBlock> { new TableBlock(table) };
        if (EceTable(input) is { } ece) blocks.Add(new TableBlock(ece));
        attention.AddRange(Breaches(input));
        attention.AddRange(input.Runs
            .Where(r => r.StartedAt >= input.Window.From && (r.Status == Gated || r.Status == Failed))
            .Select(r => $"{r.Job} {r.Status} at {Cells.Time(r.StartedAt)} UTC: " +
                $"{(r.Error.Length > 0 ? r.Error : "no reason recorded")}"));
        attention.AddRange(input.Tables.Where(t => t.Age(input.Now) > input.Options.MaxTableAge)
            .Select(t => $"table {t.Table} v{t.Version} is {Cells.Duration(t.Age(input.Now))} old " +
                $"(limit {Cells.Duration(input.Options.MaxTableAge)})"));
        if (names.Count == 0)
        {
            // No sends in either window: the section says so, keeping only what still needs attention.
            blocks.Clear();
            if (attention.Count > 0) blocks.Add(new ListBlock("Attention", attention, Attention: true));
            return Section(blocks);
        }
        blocks.Insert(0, new ListBlock("Attention", attention, Attention: true,
            WhenEmpty: "Nothing needs attention: no significant landing-rate move, " +
            "no SLO breach, no gated or failed run, no stale table."));
        blocks.Add(new ChartBlock(LandingChart(input, palette, names),
            "Each route's landing rate with its 95% Wilson interval: this window, and the previous window in grey " +
            "just right of it when it has data."));
        return Section(blocks);
    }

    private static string Comparison(ReportInputs input) =>
        $"Δ is this window minus the previous one ({Cells.Time(input.Previous.From)} .. " +
        $"{Cells.Time(input.Previous.To)} UTC, its sends cover {input.PreviousCoverage:0%} of it); n/a where a " +
        "window has no data. z is the two-proportion z statistic of the landing-rate change (pooled standard " +
        $"error); |z| > {ProportionShift.AttentionZ:0.00} (two-sided p < 0.001) together with a move of at least " +
        $"{input.Options.AttentionLandingRateChange:0.####} puts a route on the attention list.";

    // Why there are no deltas: what the previous window holds, against the rule.
    private static string NotComparable(ReportInputs input) =>
        $"No deltas: the previous window ({Cells.Time(input.Previous.From)} .. {Cells.Time(input.Previous.To)} UTC) " +
        (input.PreviousSpan is var (first, last)
            ? $"holds sends from {Cells.Time(first)} to " +
              $"{Cells.Time(last.AddMinutes(5) < input.Previous.To ? last.AddMinutes(5) : input.Previous.To)} " +
              "UTC only, " +
              $"{input.PreviousCoverage:0.0%} of its span"
            : "holds no sends") +
        $"; a comparison needs at least {input.Options.MinComparableCoverage:0%} " +
        "(Reports:MinComparableCoverage), so nothing here is ranked against it.";

    private static ReportSection Section(IReadOnlyList<ReportBlock> blocks) => new("headline", "1. Headline",
        "How this window compares with the previous one of the same length, and what needs a look first.", blocks,
        "No sends in this window or the previous one.");

    private static ReportTable? EceTable(ReportInputs input)
    {
        static JobRunRow? Last(IEnumerable<JobRunRow> runs) =>
            runs.Where(r => r.Job == CalibrationJob.JobName && r.Status == JobOutcome.NameOf(JobStatus.Published)
                && r.Metrics.ContainsKey(CalibrationMetricNames.HoldoutEceAfter)).MaxBy(r => r.StartedAt);
        var now = Last(input.Runs.Where(r => r.StartedAt >= input.Window.From));
        var then = Last(input.Runs.Where(r => r.StartedAt < input.Window.From));
        if (now is null && then is null) return null;
        double a = now?.Metrics[CalibrationMetricNames.HoldoutEceAfter] ?? double.NaN,
            b = then?.Metrics[CalibrationMetricNames.HoldoutEceAfter] ?? double.NaN;
        return new ReportTable("Holdout ECE of the last published calibration",
            ["window", "ECE after", "ECE before (raw score)", "published"],
        [
            ["this window", Cells.Num(a, "0.00000"),
                Cells.Num(now?.Metrics.GetValueOrDefault(CalibrationMetricNames.HoldoutEceBefore, double.NaN)
                    ?? double.NaN, "0.00000"),
                now is null ? Cells.Missing : Cells.Time(now.StartedAt)],
            ["previous window", Cells.Num(b, "0.00000"),
                Cells.Num(then?.Metrics.GetValueOrDefault(CalibrationMetricNames.HoldoutEceBefore, double.NaN)
                    ?? double.NaN, "0.00000"),
                then is null ? Cells.Missing : Cells.Time(then.StartedAt)],
            ["Δ", Cells.Delta(a, b, "0.00000"), "", ""],
        ], "Equal-mass expected calibration error on the run's holdout slice (lower is better).");
    }

    private static IEnumerable<string> Breaches(ReportInputs input) =>
        input.LatencyTable?.Routes.Where(r => r.SloBreached).Select(r =>
            $"{r.Route}: SLO breached ({(r.Breaches.Length > 0 ? r.Breaches : "target")}): p99 {r.P99Ms:0} ms " +
            $"(target {Cells.Num(r.TargetP99Ms, "0")} ms), " +
            $"error rate {r.ErrorRate:0.00%} (max {Cells.Num(r.MaxErrorRate * 100, "0.0")}%)") ?? [];

    private static Chart LandingChart(ReportInputs input, RoutePalette palette, IReadOnlyList<string> names)
    {
        var layers = new List<ChartLayer>();
        foreach (var (window, offset, label) in new[]
                 {
                     (input.Routes, 0.0, "this window"),
                     (input.Comparable ? input.PreviousRoutes : [], 0.25, "previous window"),
                 })
        {
            var byName = window.ToDictionary(r => r.Route, StringComparer.Ordinal);
            var xs = new List<double>(); var ys = new List<double>();
            var lo = new List<double>(); var hi = new List<double>();
            for (int i = 0; i < names.Count; i++)
            {
                if (!byName.TryGetValue(names[i], out var r) || r.Sends == 0) continue;
                var (l, h) = WilsonInterval.Compute(r.Lands, r.Sends);
                xs.Add(i + offset); ys.Add(r.LandingRate); lo.Add(l); hi.Add(h);
            }
            if (xs.Count > 0)
                layers.Add(new IntervalLayer(label, offset == 0 ? RoutePalette.Nth(0) : RoutePalette.Nth(8), [.. xs],
                    [.. ys], [.. lo], [.. hi]));
        }
        return new Chart("headline-landing-rate", "Landing rate by route: this window vs previous", "route",
            "landing rate", layers, ChartAxisKind.Category, names, Height: 380);
    }
}
