using System.Text.Json.Serialization.Metadata;
using MevAnalytics.Data.Configuration;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// A job that publishes one LUT table. It reads its window (<see cref="ReadAsync"/>, its only I/O) and fits a candidate
/// from what it read (<see cref="Fit"/>, pure); <see cref="LutJobRunner"/> owns the rest of the run: the options, the
/// window, progress, encoding, judging the encoded table against the current one, the gate, publishing and the
/// <c>job_runs</c> row.
/// </summary>
/// <typeparam name="TOptions">The job's options section.</typeparam>
/// <typeparam name="TInput">What <see cref="ReadAsync"/> returns.</typeparam>
/// <typeparam name="TSummary">The job's summary record (the <c>summary</c> of its <c>summary.json</c>).</typeparam>
public abstract class LutJob<TOptions, TInput, TSummary> : IAnalyticsJob
    where TOptions : class, ISectionOptions
    where TSummary : class
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <summary>The table published: its folder under <c>luts/</c> and file prefix.</summary>
    public abstract string Table { get; }

    /// <summary>The table kind stamped in the header.</summary>
    public abstract LutTableKind Kind { get; }

    /// <summary>How the summary document is written and read (System.Text.Json source generation).</summary>
    public abstract JsonTypeInfo<SummaryDocument<TSummary>> SummaryType { get; }

    /// <summary>Length of the window [UtcNow - length, UtcNow) the job reads.</summary>
    public abstract TimeSpan WindowOf(TOptions options);

    /// <summary>Roles of the landing source the job cannot run without (docs/sources.md); none by default.</summary>
    public virtual IReadOnlyList<string> Needs(TOptions options) => [];

    /// <inheritdoc/>
    public IReadOnlyList<string> LandingRoles(JobSettings settings) => Needs(settings.Get<TOptions>());

    /// <inheritdoc/>
    public Dictionary<string, string> Parameters(JobSettings settings) =>
        RunParameters.Of(TOptions.Section, settings.Get<TOptions>());

    /// <summary>Reads what the fit needs from the window.</summary>
    public abstract Task<TInput> ReadAsync(JobContext context, TOptions options, QueryWindow window,
        CancellationToken ct);

    /// <summary>Fits the table from <paramref name="input"/> (pure: no I/O, same input, same candidate).</summary>
    /// <param name="input">What <see cref="ReadAsync"/> read.</param>
    /// <param name="options">The job's options.</param>
    /// <param name="stamp">The run's provenance, for the table's header.</param>
    public abstract LutCandidate<TSummary> Fit(TInput input, TOptions options, LutStamp stamp);

    /// <inheritdoc/>
    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) =>
        LutJobRunner.RunAsync(this, context, ct);
}
