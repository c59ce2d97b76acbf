using System.Text.Json;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Sources;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Latency;
using MevAnalytics.Jobs.Phase;
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
    public static async Task<ReportInputs> ReadAsync(ClickHouseGateway db, string artifactRoot, QueryWindow window,
        DateTime now, ReportOptions options, Action<double>? progress, CancellationToken ct,
        SourcesOptions? sources = null)
    {
        var previous = ReportInputs.PreviousOf(window);
        var routes = await TrendQueries.RouteTotalsAsync(db, window, ct);
        var previousRoutes = await TrendQueries.RouteTotalsAsync(db, previous, ct);
        var previousSpan = await TrendQueries.SendSpanAsync(db, previous, ct);
        progress?.Invoke(0.15);
        var latency = await TrendQueries.RouteLatencyAsync(db, window, ct);
        var previousLatency = await TrendQueries.RouteLatencyAsync(db, previous, ct);
        var hourly = await TrendQueries.LatencyHourlyAsync(db, window, ct);
        progress?.Invoke(0.3);
        var runs = await TrendQueries.RunsAsync(db, previous.FromUnixMs, ct);
        var tables = Tables(artifactRoot);
        progress?.Invoke(0.4);

        var calibration = Find(tables, CalibrationJob.TableName) is { } c ? await CalibrationAsync(c, ct) : null;
        progress?.Invoke(0.55);
        var bandit = Bandit(Find(tables, BanditJob.TableName));
        var latencyTable = Latency(Find(tables, LatencyJob.TableName));
        var phase = Phase(Find(tables, PhaseJob.TableName));
        var busiest = phase?.Leaders.OrderByDescending(x => x.Samples).ThenBy(x => x.Leader, StringComparer.Ordinal)
            .Take(options.PhaseLeaders).Select(x => x.Leader).ToArray() ?? [];
        sources ??= new SourcesOptions();
        var bins = sources.Has(SourceKind.Landing, "Leader") && sources.Has(SourceKind.Landing, "PhaseOffsetMs")
            ? await TrendQueries.PhaseBinsAsync(db, window, busiest, options.PhaseBinMs, ct,
                sources.Relation(SourceKind.Landing))
            : [];
        progress?.Invoke(0.7);
        return new ReportInputs(window, previous, now, routes, previousRoutes, latency, previousLatency, hourly, runs,
            tables, calibration, bandit, latencyTable, phase, bins, options, previousSpan);
    }

    /// <summary>The current version of every table under <c>{artifactRoot}/luts</c>.</summary>
    public static IReadOnlyList<PublishedTable> Tables(string artifactRoot)
    {
        var root = Path.Combine(artifactRoot, "luts");
        if (!Directory.Exists(root)) return [];
        var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = root });
        var result = new List<PublishedTable>();
        foreach (var table in Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal))
        {
            PublishedLut? current;
            try
            {
                current = publisher.Current(table);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or JsonException
                or UnauthorizedAccessException)
            {
                continue; // health and /metrics report unreadable tables; the report shows what it can read
            }
            if (current is null) continue;
            var m = current.Manifest;
            // Companions are whatever the manifest lists, beside the LUT: the publication is the source of truth.
            var folder = Path.GetDirectoryName(current.FilePath)!;
            result.Add(new PublishedTable(table, m.Version, m.ProducerJob,
                DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAtUnixMs).UtcDateTime, m.RowsUsed, m.Metrics,
                current.FilePath, [.. m.Companions.Select(name => Path.Combine(folder, name))]));
        }
        return result;
    }

    private static PublishedTable? Find(IReadOnlyList<PublishedTable> tables, string table) =>
        tables.FirstOrDefault(t => t.Table == table);

    /// <summary>The bandit view of a published bandit table, or null without a readable summary.</summary>
    public static BanditView? Bandit(PublishedTable? table) =>
        table?.Summary(SummaryJsonContext.Default.SummaryDocumentBanditSummary) is { } s
            ? BanditView.Of(table.Version, s) : null;

    /// <summary>The latency view of a published latency table, or null without a readable summary.</summary>
    public static LatencyView? Latency(PublishedTable? table) =>
        table?.Summary(SummaryJsonContext.Default.SummaryDocumentLatencySummary) is { } s
            ? LatencyView.Of(table.Version, s) : null;

    /// <summary>The phase view of a published phase table, or null without a readable summary.</summary>
    public static PhaseView? Phase(PublishedTable? table) =>
        table?.Summary(SummaryJsonContext.Default.SummaryDocumentPhaseSummary) is { } s
            ? PhaseView.Of(table.Version, s) : null;

    /// <summary>The calibration view of a published calibration table (its summary and its snapshot's holdout
    /// rows).</summary>
    public static async Task<CalibrationView?> CalibrationAsync(PublishedTable table, CancellationToken ct) =>
        table.Summary(SummaryJsonContext.Default.SummaryDocumentCalibrationSummary) is { } summary
            ? CalibrationView.Of(table.Version, summary, await HoldoutAsync(table, ct))
            : null;

    /// <summary>p_land holdout rows of the table's snapshot, or null without one.</summary>
    private static async Task<CalibrationSample?> HoldoutAsync(PublishedTable table, CancellationToken ct)
    {
        if (table.Companion(CalibrationSnapshot.Suffix) is not { } snapshot || !File.Exists(snapshot)) return null;
        var data = await FileCalibrationReader.ReadAsync(snapshot, new CalibrationOptions { FitEv = false }, ct);
        return data.PLand?.Part(holdout: true);
    }
}
