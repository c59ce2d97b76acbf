using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MevAnalytics.Data.Configuration;
using MevAnalytics.Jobs.Publishing;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// The pipeline of every LUT job, written once: options and window, the roles the job needs, read, fit, encode, judge
/// the encoded table against the current one, gate and publish through <see cref="LutPublisher"/> (the table with its
/// <c>summary.json</c> and companions, as one decision), or keep a refused run's files in
/// <c>summaries/{table}/</c>. The bytes judged are the bytes written.
/// </summary>
public static class LutJobRunner
{
    /// <summary>File suffix of the summary companion.</summary>
    public const string SummarySuffix = "summary.json";

    /// <summary>Runs <paramref name="job"/>'s pipeline in <paramref name="context"/>.</summary>
    public static async Task<JobOutcome> RunAsync<TOptions, TInput, TSummary>(
        LutJob<TOptions, TInput, TSummary> job, JobContext context, CancellationToken ct)
        where TOptions : class, ISectionOptions
        where TSummary : class
    {
        var options = context.Settings.Get<TOptions>();
        var window = QueryWindow.Ending(context.UtcNow, job.WindowOf(options));
        if (SourceRequirement.Unavailable(context, job.Name, job.Needs(options)) is { } unavailable) return unavailable;
        var publisher = context.Publisher();
        // The current table is judged against at the end: one that cannot be read fails the run now, not after the
        // read and the fit.
        using (publisher.OpenCurrent(job.Table)) { }
        var clock = Stopwatch.StartNew();
        context.Progress(0.02);
        var input = await job.ReadAsync(context, options, window, ct);
        var read = clock.Elapsed;
        context.Progress(0.5);
        var candidate = job.Fit(input, options, new LutStamp(job.Kind, context.UtcNow, window, job.Name,
            context.Revision));
        if (candidate.Refusal is { } refusal)
            return Gated(job.Table, [new GateFailure(refusal.Check, refusal.Reason)], candidate.RowsRead,
                new Dictionary<string, double>(), []);
        var fitted = clock.Elapsed;
        if (candidate.Note is { } note) context.Log($"{job.Name}: {note}");
        context.Progress(0.7);
        var bytes = LutWriter.Write(candidate.Content!);
        LutJudgement<TSummary> judgement;
        using (var table = LutFile.FromBytes(bytes))
        using (var current = publisher.OpenCurrent(job.Table))
            judgement = candidate.Judge!(table, current);
        var judged = clock.Elapsed;
        context.Progress(0.85);
        var outcome = await PublishAsync(job, context, publisher, bytes, judgement, candidate, ct);
        context.Log($"{job.Name}: read {Seconds(read)}, fit {Seconds(fitted - read)}, " +
                    $"encode and judge {Seconds(judged - fitted)}, gate and publish {Seconds(clock.Elapsed - judged)}");
        context.Progress(1);
        return outcome;
    }

    private static async Task<JobOutcome> PublishAsync<TOptions, TInput, TSummary>(
        LutJob<TOptions, TInput, TSummary> job, JobContext context, LutPublisher publisher, byte[] bytes,
        LutJudgement<TSummary> judgement, LutCandidate<TSummary> candidate, CancellationToken ct)
        where TOptions : class, ISectionOptions
        where TSummary : class
    {
        var metrics = judgement.Metrics.Where(m => double.IsFinite(m.Value))
            .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        // Filled in when the gate refuses: the refused run's summary is written after the decision, with the reasons.
        IReadOnlyList<GateFailure> failures = [];
        var summary = new LutCompanion(SummarySuffix, (stream, version, token) => JsonSerializer.SerializeAsync(stream,
            new SummaryDocument<TSummary>(job.Table, version is not null, version, context.RunId, failures, metrics,
                judgement.Summary), job.SummaryType, token));
        IReadOnlyList<LutCompanion> companions = [summary, .. candidate.Companions];
        var result = await publisher.PublishAsync(job.Table, bytes,
            new LutPublishMetadata($"{context.Trigger}@{Environment.MachineName}", metrics, context.RunId.ToString()),
            judgement.Checks, companions, ct);
        if (result.Published)
        {
            var stem = Path.ChangeExtension(result.FilePath!, null);
            return new JobOutcome(JobStatus.Published, $"published {job.Table} v{result.Version}", candidate.RowsRead,
                result.Version!.Value.ToString(CultureInfo.InvariantCulture), metrics,
                [result.FilePath!, .. companions.Select(c => $"{stem}.{c.Suffix}")]);
        }
        failures = [.. result.FailedChecks.Select(f => new GateFailure(f.Name, f.Reason))];
        var kept = await GatedRuns.WriteAsync(context.Artifacts.GatedRoot(job.Table), job.Table, context.UtcNow,
            companions, context.Artifacts.Keep, ct);
        return Gated(job.Table, failures, candidate.RowsRead, metrics, kept);
    }

    private static JobOutcome Gated(string table, IReadOnlyList<GateFailure> failures, long rowsRead,
        IReadOnlyDictionary<string, double> metrics, IReadOnlyList<string> outputs) =>
        new(JobStatus.Gated, "gate refused the new table, current one kept: " +
            string.Join("; ", failures.Select(f => $"{f.Name}: {f.Reason}{GateHints.For(table, f.Name)}")),
            rowsRead, null, metrics, outputs);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
