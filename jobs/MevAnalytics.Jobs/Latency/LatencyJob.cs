using System.Text.Json.Serialization.Metadata;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Latency;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Latency;

/// <summary>
/// Job <c>latency</c>: the latency rollup merged per route x endpoint -&gt; error rates, t-digest quantiles, SLO
/// breach flags and hedge delays -&gt; LUT table <c>latency</c> (the main window) and a summary with every window.
/// </summary>
public sealed class LatencyJob : LutJob<LatencyJobOptions, LatencyInput, LatencySummary>
{
    /// <summary>LUT table name.</summary>
    public const string TableName = "latency";

    /// <inheritdoc/>
    public override string Name => "latency";

    /// <inheritdoc/>
    public override string Description =>
        "Route x endpoint latency quantiles and error rates, SLO breaches, hedge delays (from 5-minute rollups).";

    /// <inheritdoc/>
    public override string Table => TableName;

    /// <inheritdoc/>
    public override LutTableKind Kind => LutTableKind.Latency;

    /// <inheritdoc/>
    public override JsonTypeInfo<SummaryDocument<LatencySummary>> SummaryType =>
        SummaryJsonContext.Default.SummaryDocumentLatencySummary;

    /// <inheritdoc/>
    public override TimeSpan WindowOf(LatencyJobOptions options) => options.Window;

    /// <inheritdoc/>
    public override async Task<LatencyInput> ReadAsync(JobContext context, LatencyJobOptions options,
        QueryWindow window, CancellationToken ct)
    {
        var windows = new List<(QueryWindow, IReadOnlyList<EndpointLatencyRow>)>
        {
            (window, await LatencyQueries.PerEndpointAsync(context.Db, window, ct)),
        };
        foreach (var length in options.SummaryWindows)
        {
            var other = QueryWindow.Ending(context.UtcNow, length);
            windows.Add((other, await LatencyQueries.PerEndpointAsync(context.Db, other, ct)));
        }
        return new LatencyInput(windows);
    }

    /// <inheritdoc/>
    public override LutCandidate<LatencySummary> Fit(LatencyInput input, LatencyJobOptions options, LutStamp stamp)
    {
        var analyses = input.Windows.Select(w => (w.Window, Result: LatencyAnalysis.Analyze(w.Rows, options.Model)))
            .ToArray();
        var main = analyses[0].Result;
        var samples = main.Endpoints.Sum(e => e.Count);
        var content = new LutContent(stamp.Header(samples))
        {
            Latency = LatencyMapping.ToLut(main),
            Hedges = LatencyMapping.Hedges(main),
        };
        var breaching = main.Routes.Count(r => r.Breaches != SloBreach.None);
        var metrics = new Dictionary<string, double>
        {
            [LatencyMetricNames.Endpoints] = main.Endpoints.Count,
            [LatencyMetricNames.Routes] = main.Routes.Count,
            [LatencyMetricNames.Samples] = samples,
            [LatencyMetricNames.RowsSkipped] = main.Skipped.Total,
            [LatencyMetricNames.RoutesBreachingSlo] = breaching,
        };
        var summary = new LatencySummary(LatencyWindowSummary.Of(analyses[0].Window, main),
            [.. analyses.Skip(1).Select(a => LatencyWindowSummary.Of(a.Window, a.Result))],
            options.Model.HedgeTailProbability, options.Model.Targets, options.Model.DefaultTarget);
        var note = $"{main.Endpoints.Count} endpoints on {main.Routes.Count} routes, {breaching} routes breach " +
                   "their SLO";
        var candidate = LutCandidate<LatencySummary>.Of(content, input.RowsRead, summary, metrics,
            LutGateChecks.Standard(options.MinSamples));
        return candidate with { Note = note };
    }
}
