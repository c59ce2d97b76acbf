using System.CommandLine;
using System.Globalization;
using MevAnalytics.Calibration.Runs;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Latency;
using MevAnalytics.Jobs.Phase;
using MevAnalytics.Lut;
using static MevAnalytics.Cli.Lut.LutText;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut list</c>: every table's published versions: ISO times, rows, headline metrics.</summary>
public static class LutListCommand
{
    /// <summary>The metrics a reader of the list looks for first (quality after the fit, coverage).</summary>
    private static readonly string[] Headline =
    [
        CalibrationMetricNames.HoldoutEceAfter, CalibrationMetricNames.HoldoutLogLossAfter,
        CalibrationMetricNames.EvMaeAfter, BanditMetricNames.OpeEvDoublyRobust, BanditMetricNames.Arms,
        LatencyMetricNames.RoutesBreachingSlo, LatencyMetricNames.Routes, LatencyMetricNames.Endpoints,
        PhaseMetricNames.Leaders, PhaseMetricNames.GlobalCutoffMs,
    ];

    public static Command Create()
    {
        var root = LutSource.RootOption();
        var cmd = new Command("list",
            "Every table's published versions: ISO times, rows, headline metrics; * marks current")
        {
            root,
        };
        cmd.SetAction((parse, ct) => CommandAction.Run(parse, ct, output =>
        {
            string rootDir = LutSource.RootOf(parse, root);
            var tables = Directory.Exists(rootDir)
                ? Directory.GetDirectories(rootDir).Select(Path.GetFileName).OfType<string>()
                    .Order(StringComparer.Ordinal).ToArray()
                : [];
            if (tables.Length == 0) throw new ArgumentException($"no tables under '{rootDir}'");
            var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = rootDir });
            foreach (var table in tables)
            {
                int? current = publisher.Current(table)?.Version;
                var versions = publisher.Versions(table);
                output.WriteLine($"{table}: {versions.Count} version(s), current " +
                                 (current is { } c ? c.ToString(CultureInfo.InvariantCulture) : "none"));
                foreach (var v in versions.OrderBy(v => v.Version))
                {
                    var m = v.Manifest;
                    string metrics = string.Join(" ", Top(m.Metrics)
                        .Select(p => $"{p.Key}={p.Value.ToString("G6", CultureInfo.InvariantCulture)}"));
                    output.WriteLine($"  {(v.Version == current ? "*" : " ")} v{v.Version,-4} created " +
                                     $"{Iso(m.CreatedAtUnixMs)}  window {Iso(m.WindowFromUnixMs)} .. " +
                                     $"{Iso(m.WindowToUnixMs)}  rows {m.RowsUsed,10}  {m.SizeBytes,8} B  {metrics}");
                }
            }
            return 0;
        }));
        return cmd;
    }

    /// <summary>The headline metrics present, then the rest by name, at most 5.</summary>
    private static IEnumerable<KeyValuePair<string, double>> Top(IReadOnlyDictionary<string, double> metrics) =>
        Headline.Where(metrics.ContainsKey).Select(k => new KeyValuePair<string, double>(k, metrics[k]))
            .Concat(metrics.Where(p => !Headline.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
            .Take(5);
}
