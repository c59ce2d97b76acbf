using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// What a fit proposes to publish: the table's content and how to judge it once encoded, or a refusal made before
/// there is a table (too little data to fit).
/// </summary>
/// <typeparam name="TSummary">The job's summary record.</typeparam>
public sealed record LutCandidate<TSummary> where TSummary : class
{
    private LutCandidate(LutContent? content, Func<LutFile, LutFile?, LutJudgement<TSummary>>? judge,
        long rowsRead, LutRefusal? refusal)
    {
        Content = content;
        Judge = judge;
        RowsRead = rowsRead;
        Refusal = refusal;
    }

    /// <summary>The table to encode; null for a refusal.</summary>
    public LutContent? Content { get; }

    /// <summary>Judges the encoded candidate (the bytes the runtime will read) against the current table, if any:
    /// the summary, the metrics and the gate checks. Null for a refusal.</summary>
    public Func<LutFile, LutFile?, LutJudgement<TSummary>>? Judge { get; }

    /// <summary>Rows ClickHouse (or the input file) returned to the job.</summary>
    public long RowsRead { get; }

    /// <summary>Why the run ends gated before there is a table, or null.</summary>
    public LutRefusal? Refusal { get; }

    /// <summary>One line for the run's log: what the fit found.</summary>
    public string? Note { get; init; }

    /// <summary>Files published with the table (a snapshot of the fitted rows).</summary>
    public IReadOnlyList<LutCompanion> Companions { get; init; } = [];

    /// <summary>A table judged by <paramref name="judge"/> once encoded.</summary>
    public static LutCandidate<TSummary> Of(LutContent content, long rowsRead,
        Func<LutFile, LutFile?, LutJudgement<TSummary>> judge) => new(content, judge, rowsRead, null);

    /// <summary>A table whose judgement does not depend on its bytes: <paramref name="summary"/>,
    /// <paramref name="metrics"/> and <paramref name="checks"/> as they are.</summary>
    public static LutCandidate<TSummary> Of(LutContent content, long rowsRead, TSummary summary,
        IReadOnlyDictionary<string, double> metrics, IReadOnlyList<ILutGateCheck> checks) =>
        new(content, (_, _) => new LutJudgement<TSummary>(summary, metrics, checks), rowsRead, null);

    /// <summary>No table: gate check <paramref name="check"/> refused the run before the fit (exit 2, the current
    /// table kept).</summary>
    public static LutCandidate<TSummary> Refused(string check, string reason, long rowsRead) =>
        new(null, null, rowsRead, new LutRefusal(check, reason));
}

/// <summary>A gate check that failed before there was a table to encode.</summary>
public sealed record LutRefusal(string Check, string Reason);

/// <summary>How a candidate table was judged: its summary, the metrics recorded in the manifest and <c>job_runs</c>
/// (non-finite ones are dropped), and the gate checks it must pass.</summary>
public sealed record LutJudgement<TSummary>(TSummary Summary, IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<ILutGateCheck> Checks) where TSummary : class;
