using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;
using MevAnalytics.Phase;

namespace MevAnalytics.Jobs.Phase;

/// <summary>
/// Job <c>phase</c>: per-leader phase histogram and recent landing times -&gt; logistic cut-off, recommended send
/// offset and Kalman parameters per leader (global profile <c>"*"</c> for the rest) -&gt; LUT table <c>phase</c>.
/// </summary>
public sealed class PhaseJob : IAnalyticsJob
{
    /// <summary>LUT table name.</summary>
    public const string Table = "phase";

    /// <inheritdoc/>
    public string Name => "phase";

    /// <inheritdoc/>
    public string Description => "Per-leader landing cut-off within the slot, recommended send offset and Kalman parameters.";

    /// <inheritdoc/>
    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var run = LutJobRun<PhaseJobOptions>.Start(context, this, Table, LutTableKind.Phase, o => o.Window);
        var (options, window) = (run.Options, run.Window);
        if (SourceRequirement.Unavailable(context, Name, "Leader", "PhaseOffsetMs", "LandLatencyMs") is { } unavailable)
            return unavailable;
        var relation = SourceRequirement.LandingRelation(context);
        var histogram = await PhaseQueries.HistogramAsync(context.Db, window, ct, relation);
        context.Progress(0.3);
        var landingTimes = await PhaseQueries.LandingTimesAsync(context.Db, window,
            options.Model.MaxKalmanObservations, ct, relation);
        context.Progress(0.5);
        var result = PhaseAnalysis.Analyze(histogram, landingTimes, options.Model);
        context.Progress(0.8);

        var sends = result.Global.Samples;
        var content = new LutContent(run.Header(sends))
        {
            Phases = PhaseMapping.ToLut(result, options.Model),
        };
        var own = result.Leaders.Count(l => !l.CutoffIsFallback);
        var metrics = new Dictionary<string, double>
        {
            ["leaders"] = result.Leaders.Count,
            ["leaders_own_cutoff"] = own,
            ["leaders_own_kalman"] = result.Leaders.Count(l => !l.KalmanIsFallback),
            ["sends"] = sends,
            ["global_cutoff_ms"] = result.Global.Cutoff.CutoffMs,
            ["rows_skipped"] = result.Skipped.Total,
        };
        var summary = new
        {
            Window = new { window.From, window.To },
            Units = "ms; LUT process_noise is ms^2 per slot (Kalman Q below is per second)",
            options.Model.MinSamples,
            options.Model.MinKalmanObservations,
            Global = Profile(result.Global),
            Leaders = result.Leaders.Select(Profile),
            Skipped = new { result.Skipped.Total, result.Skipped.Counts, result.Skipped.FirstRow },
        };
        context.Log($"phase: {result.Leaders.Count} leaders, {own} with their own cut-off, global cut-off {result.Global.Cutoff.CutoffMs:F1} ms");
        return await run.PublishAsync(content, LutGateChecks.Standard(options.MinSends), metrics, summary,
            histogram.Count + landingTimes.Count, ct: ct);
    }

    private static object Profile(LeaderPhaseProfile p) => new
    {
        p.Leader,
        p.Samples,
        p.Lands,
        p.CutoffIsFallback,
        p.Cutoff.PlateauRate,
        p.Cutoff.CutoffMs,
        p.Cutoff.ScaleMs,
        p.Cutoff.CutoffStdErrMs,
        p.Cutoff.RecommendedOffsetMs,
        p.KalmanIsFallback,
        KalmanLevelMs = p.Kalman.InitialStateMs,
        KalmanVarianceMs2 = p.Kalman.InitialVarianceMs2,
        KalmanQMs2PerSecond = p.Kalman.ProcessNoiseMs2PerSecond,
        KalmanRMs2 = p.Kalman.MeasurementNoiseMs2,
        p.Kalman.Observations,
    };
}
