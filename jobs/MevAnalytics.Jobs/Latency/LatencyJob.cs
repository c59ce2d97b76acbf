using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Latency;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Latency;

/// <summary>
/// Job <c>latency</c>: the latency rollup merged per route x endpoint -&gt; error rates, t-digest quantiles, SLO
/// breach flags and hedge delays -&gt; LUT table <c>latency</c> (the main window) and a summary with every window.
/// </summary>
public sealed class LatencyJob : IAnalyticsJob
{
    /// <summary>LUT table name.</summary>
    public const string Table = "latency";

    /// <inheritdoc/>
    public string Name => "latency";

    /// <inheritdoc/>
    public string Description => "Route x endpoint latency quantiles and error rates, SLO breaches, hedge delays (from 5-minute rollups).";

    /// <inheritdoc/>
    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var run = LutJobRun<LatencyJobOptions>.Start(context, this, Table, LutTableKind.Latency, o => o.Window);
        var (options, window) = (run.Options, run.Window);
        var rows = await LatencyQueries.PerEndpointAsync(context.Db, window, ct);
        var main = LatencyAnalysis.Analyze(rows, options.Model);
        context.Progress(0.4);
        long rowsRead = rows.Count;

        var others = new List<object>();
        foreach (var length in options.SummaryWindows)
        {
            var w = QueryWindow.Ending(context.UtcNow, length);
            var r = await LatencyQueries.PerEndpointAsync(context.Db, w, ct);
            rowsRead += r.Count;
            others.Add(WindowSummary(w, LatencyAnalysis.Analyze(r, options.Model)));
        }
        context.Progress(0.8);

        var samples = main.Endpoints.Sum(e => e.Count);
        var content = new LutContent(run.Header(samples))
        {
            Latency = LatencyMapping.ToLut(main),
            Hedges = LatencyMapping.Hedges(main),
        };
        var metrics = new Dictionary<string, double>
        {
            ["endpoints"] = main.Endpoints.Count,
            ["routes"] = main.Routes.Count,
            ["samples"] = samples,
            ["rows_skipped"] = main.Skipped.Total,
            ["routes_breaching_slo"] = main.Routes.Count(r => r.Breaches != SloBreach.None),
        };
        var summary = new
        {
            Main = WindowSummary(window, main),
            Others = others,
            options.Model.HedgeTailProbability,
            Targets = options.Model.Targets,
            options.Model.DefaultTarget,
        };
        context.Log($"latency: {main.Endpoints.Count} endpoints on {main.Routes.Count} routes, {metrics["routes_breaching_slo"]} routes breach their SLO");
        var checks = LutGateChecks.Standard(options.MinSamples);
        return await run.PublishAsync(content, checks, metrics, summary, rowsRead, ct: ct);
    }

    private static object WindowSummary(QueryWindow window, LatencyAnalysisResult result) => new
    {
        Window = new { window.From, window.To },
        Routes = result.Routes.Select(r => new
        {
            r.Route,
            r.Endpoints,
            r.Count,
            r.Errors,
            r.ErrorRate,
            r.HasQuantiles,
            r.P50Ms,
            r.P90Ms,
            r.P99Ms,
            r.P999Ms,
            r.HedgeDelayMs,
            r.HedgeFireRate,
            Breaches = r.Breaches.ToString(),
            SloBreached = r.Breaches != SloBreach.None,
        }),
        Endpoints = result.Endpoints.Select(e => new
        {
            e.Route,
            e.Endpoint,
            e.Count,
            e.Errors,
            e.ErrorRate,
            e.HasQuantiles,
            e.P50Ms,
            e.P90Ms,
            e.P99Ms,
            e.P999Ms,
            Breaches = e.Breaches.ToString(),
        }),
        Skipped = new { result.Skipped.Total, result.Skipped.Counts, result.Skipped.FirstRow },
    };
}
