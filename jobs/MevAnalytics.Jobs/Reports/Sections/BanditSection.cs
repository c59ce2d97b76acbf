using MevAnalytics.Jobs.Reports.Views;
using MevAnalytics.Reports.Charts;
using MevAnalytics.Reports.Documents;

namespace MevAnalytics.Jobs.Reports.Sections;

/// <summary>Section 3: per route and tip size, the landing posterior and EV per send with intervals, P(best), and
/// off-policy estimates.</summary>
public static class BanditSection
{
    public static ReportSection Build(ReportInputs input, RoutePalette palette)
    {
        var blocks = new List<ReportBlock>();
        if (input.Bandit is { } bandit && bandit.Arms.Count > 0)
        {
            var ticks = TipTicks(bandit);
            blocks.Add(new ChartBlock(ArmChart(bandit, ticks, palette, a => (a.LandMean, a.Land5, a.Land95),
                    "bandit-landing", "Landing probability by tip size (posterior mean, 90% interval)",
                    "landing probability"),
                $"Decayed Beta posteriors (half-life {bandit.HalfLifeHours:0.#} h); routes are offset sideways " +
                "within each tip size."));
            blocks.Add(new ChartBlock(ArmChart(bandit, ticks, palette, a => (a.EvSol, a.Ev5Sol, a.Ev95Sol), "bandit-ev",
                "Expected value per send by tip size (mean, 90% interval)", "EV per send (SOL)"),
                "EV per send = P(land) x payoff per landed send - tip, in SOL."));
            blocks.Add(new TableBlock(ArmTable(bandit)));
            var ope = bandit.OffPolicy;
            if (ope.Evaluated && ope.Estimates.Count > 0)
            {
                blocks.Add(new ChartGridBlock("Off-policy estimates: published policy vs logging policy",
                [
                    OpeChart(ope, e => (e.Ev, e.EvLower, e.EvUpper), "ope-ev", "EV per send (SOL)"),
                    OpeChart(ope, e => (e.Land, e.LandLower, e.LandUpper), "ope-landing", "landing rate"),
                ], $"IPS, SNIPS and doubly robust estimates of the published policy on {Cells.Int(ope.Decisions)} " +
                   $"logged decisions (effective sample size {Cells.Num(ope.EffectiveSampleSize, "N0")}), " +
                   "95% intervals; the logging policy is what was actually sent. " +
                   $"Gate: {ope.GateReason}"));
                blocks.Add(new TableBlock(new ReportTable("Off-policy estimates",
                    ["estimator", "EV per send (SOL)", "95% interval", "landing rate", "95% interval"],
                    ope.Estimates.Select(e => (IReadOnlyList<string>)
                    [
                        e.Name, Cells.Num(e.Ev, "0.000000"),
                        $"[{Cells.Num(e.EvLower, "0.000000")}, {Cells.Num(e.EvUpper, "0.000000")}]",
                        Cells.Num(e.Land, "0.0000"),
                        $"[{Cells.Num(e.LandLower, "0.0000")}, {Cells.Num(e.LandUpper, "0.0000")}]",
                    ]).ToArray())));
            }
            else
            {
                blocks.Add(new TextBlock("Off-policy evaluation was not run: " + ope.SkipReason));
            }
        }
        return new ReportSection("bandit", "3. Bandit",
            "Which tip size each route should pay: landing posteriors, EV per send and how sure the bandit is, " +
            "and what the policy would have earned.",
            blocks, "No bandit table published.");
    }

    /// <summary>Tip sizes in ascending order with their labels (the median tip of each arm index across
    /// routes).</summary>
    public static IReadOnlyList<(int Arm, long Lamports, string Label)> TipTicks(BanditView bandit) =>
        bandit.Arms.GroupBy(a => a.Arm).Select(g =>
        {
            var tips = g.Select(a => a.TipLamports).Order().ToArray();
            long median = tips[tips.Length / 2];
            return (g.Key, median, Cells.Lamports(median));
        }).OrderBy(t => t.median).ThenBy(t => t.Key).Select(t => (t.Key, t.median, t.Item3)).ToArray();

    /// <summary>One interval per route and tip size, routes offset sideways within a tip size.</summary>
    public static Chart ArmChart(BanditView bandit, IReadOnlyList<(int Arm, long Lamports, string Label)> ticks,
        RoutePalette palette, Func<ArmView, (double Mean, double Lower, double Upper)> value, string file, string title,
        string yLabel)
    {
        var position = ticks.Select((t, i) => (t.Arm, i)).ToDictionary(t => t.Arm, t => t.i);
        var routes = bandit.Arms.Select(a => a.Route).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToArray();
        var layers = new List<ChartLayer>();
        for (int r = 0; r < routes.Length; r++)
        {
            double offset = routes.Length == 1 ? 0 : -0.32 + 0.64 * r / (routes.Length - 1);
            var arms = bandit.Arms.Where(a => a.Route == routes[r]).OrderBy(a => position[a.Arm]).ToArray();
            var v = arms.Select(value).ToArray();
            layers.Add(new IntervalLayer(routes[r], palette[routes[r]],
                arms.Select(a => position[a.Arm] + offset).ToArray(),
                v.Select(x => x.Mean).ToArray(), v.Select(x => x.Lower).ToArray(), v.Select(x => x.Upper).ToArray()));
        }
        return new Chart(file, title, "tip (lamports)", yLabel, layers, ChartAxisKind.Category,
            ticks.Select(t => t.Label).ToArray(), Height: 460);
    }

    private static ReportTable ArmTable(BanditView bandit)
    {
        var best = bandit.Arms.GroupBy(a => a.Route)
            .ToDictionary(g => g.Key, g => g.MaxBy(a => a.ProbabilityBest)!.Arm);
        var rows = bandit.Arms.OrderBy(a => a.Route, StringComparer.Ordinal).ThenBy(a => a.TipLamports)
            .Select(a => (IReadOnlyList<string>)
        [
            a.Route, Cells.Int(a.TipLamports),
            $"{Cells.Num(a.LandMean, "0.0000")} [{Cells.Num(a.Land5, "0.0000")}, {Cells.Num(a.Land95, "0.0000")}]",
            $"{Cells.Num(a.EvSol, "0.000000")} [{Cells.Num(a.Ev5Sol, "0.000000")}, {Cells.Num(a.Ev95Sol, "0.000000")}]",
            Cells.Num(a.ProbabilityBest, "0.000"), best[a.Route] == a.Arm ? "best" : "",
        ]).ToArray();
        return new ReportTable($"Arms of bandit v{bandit.Version}",
            ["route", "tip (lamports)", "P(land) [90%]", "EV per send, SOL [90%]", "P(best)", ""],
            rows, "P(best): posterior probability that the arm has the highest EV per send on its route " +
            "(Thompson draws).");
    }

    /// <summary>Each off-policy estimator's value with its interval.</summary>
    public static Chart OpeChart(OffPolicyView ope, Func<EstimateView, (double, double, double)> value, string file,
        string yLabel)
    {
        var layers = ope.Estimates.Select((e, i) =>
        {
            var (m, lo, hi) = value(e);
            return (ChartLayer)new IntervalLayer(e.Name, RoutePalette.Nth(i == 0 ? 7 : i - 1), [i], [m], [lo], [hi]);
        }).ToArray();
        return new Chart(file, "Off-policy: " + yLabel, "estimator", yLabel, layers, ChartAxisKind.Category,
            ope.Estimates.Select(e => e.Name).ToArray(), Width: 620, Height: 380, Legend: LegendPlacement.None);
    }
}
