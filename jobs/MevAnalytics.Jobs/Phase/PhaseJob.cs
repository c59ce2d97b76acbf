using System.Text.Json.Serialization.Metadata;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;
using MevAnalytics.Phase;

namespace MevAnalytics.Jobs.Phase;

/// <summary>
/// Job <c>phase</c>: per-leader phase histogram and recent landing times -&gt; logistic cut-off, recommended send
/// offset and Kalman parameters per leader (global profile <c>"*"</c> for the rest) -&gt; LUT table <c>phase</c>.
/// </summary>
public sealed class PhaseJob : LutJob<PhaseJobOptions, PhaseInput, PhaseSummary>
{
    /// <summary>LUT table name.</summary>
    public const string TableName = "phase";

    /// <inheritdoc/>
    public override string Name => "phase";

    /// <inheritdoc/>
    public override string Description =>
        "Per-leader landing cut-off within the slot, recommended send offset and Kalman parameters.";

    /// <inheritdoc/>
    public override string Table => TableName;

    /// <inheritdoc/>
    public override LutTableKind Kind => LutTableKind.Phase;

    /// <inheritdoc/>
    public override JsonTypeInfo<SummaryDocument<PhaseSummary>> SummaryType =>
        SummaryJsonContext.Default.SummaryDocumentPhaseSummary;

    /// <inheritdoc/>
    public override TimeSpan WindowOf(PhaseJobOptions options) => options.Window;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Needs(PhaseJobOptions options) =>
        ["Leader", "PhaseOffsetMs", "LandLatencyMs"];

    /// <inheritdoc/>
    public override async Task<PhaseInput> ReadAsync(JobContext context, PhaseJobOptions options, QueryWindow window,
        CancellationToken ct)
    {
        var relation = SourceRequirement.LandingRelation(context);
        var histogram = await PhaseQueries.HistogramAsync(context.Db, window, ct, relation);
        context.Progress(0.3);
        var landingTimes = await PhaseQueries.LandingTimesAsync(context.Db, window,
            options.Model.MaxKalmanObservations, ct, relation);
        return new PhaseInput(window, histogram, landingTimes);
    }

    /// <inheritdoc/>
    public override LutCandidate<PhaseSummary> Fit(PhaseInput input, PhaseJobOptions options, LutStamp stamp)
    {
        var result = PhaseAnalysis.Analyze(input.Histogram, input.LandingTimes, options.Model);
        var sends = result.Global.Samples;
        var content = new LutContent(stamp.Header(sends)) { Phases = PhaseMapping.ToLut(result, options.Model) };
        var own = result.Leaders.Count(l => !l.CutoffIsFallback);
        var metrics = new Dictionary<string, double>
        {
            [PhaseMetricNames.Leaders] = result.Leaders.Count,
            [PhaseMetricNames.LeadersOwnCutoff] = own,
            [PhaseMetricNames.LeadersOwnKalman] = result.Leaders.Count(l => !l.KalmanIsFallback),
            [PhaseMetricNames.Sends] = sends,
            [PhaseMetricNames.GlobalCutoffMs] = result.Global.Cutoff.CutoffMs,
            [PhaseMetricNames.RowsSkipped] = result.Skipped.Total,
        };
        var summary = new PhaseSummary(UtcWindow.Of(input.Window),
            "ms; LUT process_noise is ms^2 per slot (Kalman Q below is per second)", options.Model.MinSamples,
            options.Model.MinKalmanObservations, LeaderPhaseSummary.Of(result.Global),
            [.. result.Leaders.Select(LeaderPhaseSummary.Of)], SkippedRows.Of(result.Skipped));
        var note = $"{result.Leaders.Count} leaders, {own} with their own cut-off, global cut-off " +
                   $"{result.Global.Cutoff.CutoffMs:F1} ms";
        var candidate = LutCandidate<PhaseSummary>.Of(content, input.RowsRead, summary, metrics,
            LutGateChecks.Standard(options.MinSends));
        return candidate with { Note = note };
    }
}
