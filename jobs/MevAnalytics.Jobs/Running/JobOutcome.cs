namespace MevAnalytics.Jobs.Running;

/// <summary>How a run ended; the CLI's exit code is the enum value.</summary>
public enum JobStatus
{
    /// <summary>A new table was published (exit 0).</summary>
    Published = 0,

    /// <summary>The run failed (exit 1); the previously published table stays current.</summary>
    Failed = 1,

    /// <summary>A gate check refused the new table (exit 2); the current one stays.</summary>
    Gated = 2,

    /// <summary>Work that publishes no table (a report, retention) finished (exit 0).</summary>
    Completed = 3,

    /// <summary>The job cannot run on the configured source: a role it needs is not mapped (exit 4, docs/sources.md).
    /// Nothing is published; the current table stays. Not a failure: running it again will not help.</summary>
    Unavailable = 4,
}

/// <summary>What a run produced.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Summary">One line for people.</param>
/// <param name="RowsRead">Rows ClickHouse returned to the job (buckets, rollup rows, or raw rows).</param>
/// <param name="LutVersion">Version published, if any.</param>
/// <param name="Metrics">Key numbers (e.g. holdout ECE) recorded in <c>job_runs</c>.</param>
/// <param name="Outputs">Files written (LUT, summary JSON, snapshot, report).</param>
public sealed record JobOutcome(
    JobStatus Status,
    string Summary,
    long RowsRead,
    string? LutVersion,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<string> Outputs)
{
    public int ExitCode => Status == JobStatus.Completed ? 0 : (int)Status;

    /// <summary>The status as <c>job_runs.status</c> records it.</summary>
    public string StatusName => NameOf(Status);

    /// <summary>The name <c>job_runs.status</c> records for <paramref name="status"/>: <c>published</c>,
    /// <c>failed</c>, <c>gated</c>, <c>completed</c>, <c>unavailable</c>.</summary>
    public static string NameOf(JobStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A run that failed before or while it ran, with nothing read or published.</summary>
    public static JobOutcome Failed(string summary) =>
        new(JobStatus.Failed, summary, 0, null, new Dictionary<string, double>(), []);
}
