using MevAnalytics.Jobs.Phase;
using MevAnalytics.Jobs.Reports.Views;
using MevAnalytics.Reports.Charts;
using MevAnalytics.Reports.Documents;
using MevAnalytics.Reports.Statistics;

namespace MevAnalytics.Jobs.Reports.Sections;

/// <summary>Section 5: landing probability against send offset (global and busiest leaders) with the fitted cut-off,
/// and the spread of per-leader offsets.</summary>
public static class PhaseSection
{
    public static ReportSection Build(ReportInputs input, RoutePalette palette)
    {
        var blocks = new List<ReportBlock>();
        var phase = input.Phase;
        var bins = input.PhaseBins.GroupBy(b => b.Leader)
            .ToDictionary(g => g.Key, g => g.OrderBy(b => b.StartMs).ToArray(), StringComparer.Ordinal);
        if (phase is not null)
        {
            if (bins.TryGetValue("*", out var global))
                blocks.Add(new ChartBlock(CurveChart("phase-global", "All leaders", phase.Global, global,
                        input.Options.PhaseBinMs, 900, 420),
                    $"Observed landing rate per {input.Options.PhaseBinMs:0} ms of send offset " +
                    "(95% Wilson intervals) and the fitted logistic cut-off."));
            var leaders = phase.Leaders.Where(l => bins.ContainsKey(l.Leader)).OrderByDescending(l => l.Samples)
                .ThenBy(l => l.Leader, StringComparer.Ordinal).ToArray();
            if (leaders.Length > 0)
                blocks.Add(new ChartGridBlock("Busiest leaders",
                    leaders.Select((l, i) => CurveChart("phase-leader-" + (i + 1), Short(l.Leader), l, bins[l.Leader],
                        input.Options.PhaseBinMs, 600, 320)).ToArray()));
            blocks.Add(new ChartBlock(OffsetHistogram(phase),
                "How far apart leaders' recommended offsets are; the red line is the global profile's."));
            blocks.Add(new TableBlock(new ReportTable($"Cut-off fits of phase v{phase.Version}",
                ["leader", "sends", "plateau", "cut-off (ms)", "± s.e.", "recommended offset (ms)"],
                new[] { phase.Global }.Concat(leaders).Select(l => (IReadOnlyList<string>)
                [
                    l.Leader == "*" ? "all leaders" : Short(l.Leader), Cells.Int(l.Samples),
                    Cells.Num(l.PlateauRate, "0.000"), Cells.Num(l.CutoffMs, "0.0"),
                    Cells.Num(l.CutoffStdErrMs, "0.0"), Cells.Num(l.RecommendedOffsetMs, "0.0"),
                ]).ToArray(),
                $"{phase.Leaders.Count(l => !l.CutoffIsFallback)} of {phase.Leaders.Count} leaders have their own " +
                "cut-off fit.")));
        }
        return new ReportSection("phase", "5. Phase",
            "When in the slot a send still lands: the cut-off after which the landing rate falls, and the offset the " +
            "runtime aims for.",
            blocks, "No phase table published.");
    }

    /// <summary>Observed landing rate per offset bin with Wilson intervals, the fitted curve, cut-off and recommended
    /// offset.</summary>
    public static Chart CurveChart(string file, string title, LeaderPhaseSummary fit, IReadOnlyList<PhaseBinRow> rows,
        double binMs, int width, int height)
    {
        var used = rows.Where(r => r.Sends > 0).ToArray();
        var ci = used.Select(r => WilsonInterval.Compute(r.Lands, r.Sends)).ToArray();
        var xs = used.Select(r => r.StartMs + binMs / 2).ToArray();
        var curveX = Enumerable.Range(0, 201)
            .Select(i => xs.Length == 0 ? 0 : xs.Min() + (xs.Max() - xs.Min()) * i / 200.0).ToArray();
        return new Chart(file, $"{title}: cut-off {fit.CutoffMs:0} ms, send at {fit.RecommendedOffsetMs:0} ms",
            "send offset in slot (ms)", "landing rate",
        [
            new IntervalLayer("observed", "#0072b2", xs, used.Select(r => (double)r.Lands / r.Sends).ToArray(),
                ci.Select(c => c.Lower).ToArray(), ci.Select(c => c.Upper).ToArray()),
            new LineLayer("fitted", "#333333", curveX, curveX.Select(fit.Rate).ToArray(), Markers: false),
            new ReferenceLine("cut-off", "#e69f00", fit.CutoffMs, false),
            new ReferenceLine("recommended offset", RoutePalette.Reference, fit.RecommendedOffsetMs, false),
        ], Width: width, Height: height, Legend: width < 700 ? LegendPlacement.UpperRight : LegendPlacement.Right);
    }

    private static Chart OffsetHistogram(PhaseView phase)
    {
        var offsets = phase.Leaders.Where(l => !l.CutoffIsFallback && double.IsFinite(l.RecommendedOffsetMs))
            .Select(l => l.RecommendedOffsetMs).ToArray();
        const double width = 5;
        var counts = offsets.GroupBy(o => Math.Floor(o / width) * width).OrderBy(g => g.Key).ToArray();
        return new Chart("phase-offsets", "Recommended send offset per leader", "recommended offset (ms)", "leaders",
        [
            new BarLayer("leaders", "#009e73", counts.Select(g => g.Key + width / 2).ToArray(),
                counts.Select(g => (double)g.Count()).ToArray(), width * 0.9),
            new ReferenceLine("global profile", RoutePalette.Reference, phase.Global.RecommendedOffsetMs, false),
        ], Height: 360);
    }

    private static string Short(string leader) => leader.Length > 12 ? leader[..6] + ".." + leader[^4..] : leader;
}
