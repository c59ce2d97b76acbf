using System.Text.Json;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Sources;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Publishing;
using MevAnalytics.Jobs.Reports.Views;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Reports;

/// <summary>
/// The report's I/O: aggregates from ClickHouse and the current table of every job (manifest, summary JSON, and the
/// calibration's Parquet snapshot for its holdout rows). A missing or unreadable table leaves its section empty.
/// </summary>
public static class ReportReader
{
    /// <summary>Reads everything for a report over <paramref name="window"/>; the phase bins come from the landing
    /// source of <paramref name="sources"/> (none when it maps no leader or phase offset).</summary>
    public static async Task<ReportInputs> ReadAsync(ClickHouseGateway db, string artifactRoot, QueryWindow window, DateTime now,
        ReportOptions options, Action<double>? progress, CancellationToken ct, SourcesOptions? sources = null)
    {
        var previous = ReportInputs.PreviousOf(window);
        var routes = await TrendQueries.RouteTotalsAsync(db, window, ct);
        var previousRoutes = await TrendQueries.RouteTotalsAsync(db, previous, ct);
        progress?.Invoke(0.15);
        var latency = await TrendQueries.RouteLatencyAsync(db, window, ct);
        var previousLatency = await TrendQueries.RouteLatencyAsync(db, previous, ct);
        var hourly = await TrendQueries.LatencyHourlyAsync(db, window, ct);
        progress?.Invoke(0.3);
        var runs = await TrendQueries.RunsAsync(db, previous.FromUnixMs, ct);
        var tables = Tables(artifactRoot);
        progress?.Invoke(0.4);

        var calibration = tables.FirstOrDefault(t => t.Table == CalibrationJob.Table) is { } c ? await CalibrationAsync(c, ct) : null;
        progress?.Invoke(0.55);
        var bandit = tables.FirstOrDefault(t => t.Table == "bandit") is { Summary: { } bs } b ? BanditView.FromSummary(b.Version, bs) : null;
        var latencyTable = tables.FirstOrDefault(t => t.Table == "latency") is { Summary: { } ls } l ? LatencyView.FromSummary(l.Version, ls) : null;
        var phase = tables.FirstOrDefault(t => t.Table == "phase") is { Summary: { } ps } p ? PhaseView.FromSummary(p.Version, ps) : null;
        var busiest = phase?.Leaders.OrderByDescending(x => x.Sends).ThenBy(x => x.Leader, StringComparer.Ordinal)
            .Take(options.PhaseLeaders).Select(x => x.Leader).ToArray() ?? [];
        sources ??= new SourcesOptions();
        var bins = sources.Has(SourceKind.Landing, "Leader") && sources.Has(SourceKind.Landing, "PhaseOffsetMs")
            ? await TrendQueries.PhaseBinsAsync(db, window, busiest, options.PhaseBinMs, ct,
                sources.Relation(SourceKind.Landing))
            : [];
        progress?.Invoke(0.7);
        return new ReportInputs(window, previous, now, routes, previousRoutes, latency, previousLatency, hourly, runs, tables,
            calibration, bandit, latencyTable, phase, bins, options);
    }

    /// <summary>
    /// The current version of every table under <c>{artifactRoot}/luts</c>, with its summary when
    /// <paramref name="withSummary"/> accepts the table (all by default; summaries run to megabytes).
    /// </summary>
    public static IReadOnlyList<PublishedTable> Tables(string artifactRoot, Func<string, bool>? withSummary = null)
    {
        var root = Path.Combine(artifactRoot, "luts");
        if (!Directory.Exists(root)) return [];
        var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = root });
        var result = new List<PublishedTable>();
        foreach (var table in Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal))
        {
            PublishedLut? current;
            try
            {
                current = publisher.Current(table);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
            {
                continue; // health and /metrics report unreadable tables; the report shows what it can read
            }
            if (current is null) continue;
            var m = current.Manifest;
            // Companions are whatever the manifest lists, beside the LUT: the publication is the source of truth.
            var folder = Path.GetDirectoryName(current.FilePath)!;
            var companions = m.Companions.Select(name => Path.Combine(folder, name)).ToArray();
            var summary = companions.FirstOrDefault(f => f.EndsWith("." + JobPublication.SummarySuffix,
                StringComparison.Ordinal));
            result.Add(new PublishedTable(table, m.Version, m.ProducerJob,
                DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAtUnixMs).UtcDateTime, m.RowsUsed, m.Metrics,
                current.FilePath, companions,
                summary is not null && (withSummary is null || withSummary(table)) ? SummaryOf(summary) : null));
        }
        return result;
    }

    private static JsonElement? SummaryOf(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.TryGetProperty("summary", out var s) ? s.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The calibration view of a published calibration table (its summary and its snapshot's holdout rows).</summary>
    public static async Task<CalibrationView?> CalibrationAsync(PublishedTable table, CancellationToken ct) =>
        table.Summary is { } summary
            ? CalibrationView.FromSummary(table.Version, summary, await HoldoutAsync(table, ct))
            : null;

    /// <summary>p_land holdout rows of the table's snapshot, or null without one.</summary>
    private static async Task<CalibrationSample?> HoldoutAsync(PublishedTable table, CancellationToken ct)
    {
        if (table.Companion(CalibrationSnapshot.Suffix) is not { } snapshot || !File.Exists(snapshot)) return null;
        var data = await FileCalibrationReader.ReadAsync(snapshot, new CalibrationOptions { FitEv = false }, ct);
        return data.PLand?.Part(holdout: true);
    }
}
