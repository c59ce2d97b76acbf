namespace MevAnalytics.Jobs.Running;

/// <summary>
/// The <c>summary.json</c> published with every version (and kept beside a refused run): which table, whether and
/// as which version it was published, the run, the gate checks that failed, the headline metrics and the job's own
/// summary record. The report, <c>/metrics</c> and the notebooks read it back as this record.
/// </summary>
/// <param name="Table">Table name.</param>
/// <param name="Published">True when this run's table became a version.</param>
/// <param name="Version">The version published, or null.</param>
/// <param name="RunId">The run (its <c>job_runs.run_id</c>).</param>
/// <param name="Gate">Failed gate checks (empty when published).</param>
/// <param name="Metrics">Headline metrics, finite only.</param>
/// <param name="Summary">The job's summary.</param>
public sealed record SummaryDocument<TSummary>(string Table, bool Published, int? Version, Guid RunId,
    IReadOnlyList<GateFailure> Gate, IReadOnlyDictionary<string, double> Metrics, TSummary Summary)
    where TSummary : class;

/// <summary>A gate check that refused a table, and why.</summary>
public sealed record GateFailure(string Name, string Reason);
