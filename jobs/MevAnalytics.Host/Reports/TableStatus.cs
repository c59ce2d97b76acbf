using MevAnalytics.Calibration.Runs;
using MevAnalytics.Host.Health;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Latency;
using MevAnalytics.Jobs.Phase;
using MevAnalytics.Jobs.Reports.Views;

namespace MevAnalytics.Host.Reports;

/// <summary>The current LUT of one table for the status page: version, age against its schedule, rows used, headline
/// metrics.</summary>
public sealed record TableStatus(
    string Table, int? Version, string? ProducerJob, double? AgeSeconds, double? MaxAgeSeconds, bool Stale,
    long? RowsUsed, IReadOnlyList<(string Name, string Value)> Headline, string? Error)
{
    /// <summary>Joins the health inventory (ages against the schedule) with the tables' manifests (pure).</summary>
    public static IReadOnlyList<TableStatus> Combine(IReadOnlyList<LutStatus> inventory,
        IReadOnlyList<PublishedTable> tables) =>
        inventory.Select(l =>
        {
            var t = tables.FirstOrDefault(x => x.Table == l.Table && x.Version == l.Version);
            return new TableStatus(l.Table, l.Version, l.ProducerJob, l.AgeSeconds, l.MaxAgeSeconds, l.Stale,
                t?.RowsUsed, t is null ? [] : HeadlineOf(t.Metrics), l.Error);
        }).ToArray();

    /// <summary>The metrics a reader looks at first, "before -> after" where the table has both.</summary>
    public static IReadOnlyList<(string Name, string Value)> HeadlineOf(IReadOnlyDictionary<string, double> m)
    {
        var result = new List<(string, string)>();
        void Pair(string label, string before, string after)
        {
            if (m.TryGetValue(before, out var b) && m.TryGetValue(after, out var a))
                result.Add((label, $"{b:0.0000} -> {a:0.0000}"));
        }
        void One(string label, string key, string format)
        {
            if (m.TryGetValue(key, out var v))
                result.Add((label, v.ToString(format, System.Globalization.CultureInfo.InvariantCulture)));
        }
        Pair("holdout ECE", CalibrationMetricNames.HoldoutEceBefore, CalibrationMetricNames.HoldoutEceAfter);
        Pair("holdout log loss", CalibrationMetricNames.HoldoutLogLossBefore,
            CalibrationMetricNames.HoldoutLogLossAfter);
        One("EV per send, DR (SOL)", BanditMetricNames.OpeEvDoublyRobust, "0.000000");
        One("EV per send, logging (SOL)", BanditMetricNames.OpeEvLogging, "0.000000");
        One("routes breaching SLO", LatencyMetricNames.RoutesBreachingSlo, "0");
        One("global cut-off (ms)", PhaseMetricNames.GlobalCutoffMs, "0.0");
        One("leaders", PhaseMetricNames.Leaders, "0");
        return result;
    }
}
