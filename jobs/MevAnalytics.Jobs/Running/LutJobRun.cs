using MevAnalytics.Data.Configuration;
using MevAnalytics.Jobs.Publishing;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// The shell every LUT-publishing job shares: its options bound from configuration and validated, the window it reads
/// (ending at the run's clock), the header it stamps on its table, and the gated publication. Between
/// <see cref="Start"/> and <c>PublishAsync</c> a job only queries, fits and evaluates.
/// </summary>
/// <typeparam name="TOptions">The job's options class.</typeparam>
public sealed class LutJobRun<TOptions> where TOptions : class, ISectionOptions, new()
{
    private readonly string _job;
    private readonly LutTableKind _kind;

    private LutJobRun(JobContext context, string job, string table, LutTableKind kind, TOptions options,
        QueryWindow window)
    {
        Context = context;
        _job = job;
        Table = table;
        _kind = kind;
        Options = options;
        Window = window;
    }

    /// <summary>The run.</summary>
    public JobContext Context { get; }

    /// <summary>The table published (folder and file prefix).</summary>
    public string Table { get; }

    /// <summary>The job's options, bound and validated.</summary>
    public TOptions Options { get; }

    /// <summary>The window [UtcNow - length, UtcNow) the job reads.</summary>
    public QueryWindow Window { get; }

    /// <summary>Binds and validates <typeparamref name="TOptions"/> (failing with the invalid keys named) and fixes
    /// the window of length <paramref name="window"/> ending at the run's clock.</summary>
    public static LutJobRun<TOptions> Start(JobContext context, IAnalyticsJob job, string table, LutTableKind kind,
        Func<TOptions, TimeSpan> window)
    {
        var options = SectionOptions.Get<TOptions>(context.Configuration);
        var span = QueryWindow.Ending(context.UtcNow, window(options));
        return new LutJobRun<TOptions>(context, job.Name, table, kind, options, span);
    }

    /// <summary>The table's header: created at the run's clock, over <see cref="Window"/> (or the span the input
    /// actually covers, for an offline input), from <paramref name="rowsUsed"/> rows, by this job at this
    /// revision.</summary>
    public LutHeader Header(long rowsUsed, long? windowFromUnixMs = null, long? windowToUnixMs = null) =>
        new(_kind, QueryWindow.UnixMs(Context.UtcNow), windowFromUnixMs ?? Window.FromUnixMs,
            windowToUnixMs ?? Window.ToUnixMs, rowsUsed, _job, Context.Revision);

    /// <summary>The table current now (to compare a candidate with before publishing), or null.</summary>
    public LutFile? OpenCurrent() => JobPublication.Publisher(Context).OpenCurrent(Table);

    /// <summary>A run refused before there is a table to publish (check <paramref name="check"/> failed): exit 2, the
    /// current table kept, the message naming the key that sets the bar.</summary>
    public JobOutcome Refused(string check, string reason, long rowsRead) =>
        new(JobStatus.Gated,
            $"gate refused the new table, current one kept: {check}: {reason}{GateHints.For(Table, check)}", rowsRead,
            null, new Dictionary<string, double>(), []);

    /// <summary>Encodes <paramref name="content"/> and publishes it through <see cref="JobPublication"/>.</summary>
    public Task<JobOutcome> PublishAsync(LutContent content, IReadOnlyList<ILutGateCheck> checks,
        IReadOnlyDictionary<string, double> metrics, object summary, long rowsRead,
        IReadOnlyList<LutCompanion>? companions = null, CancellationToken ct = default) =>
        PublishAsync(LutWriter.Write(content), checks, metrics, summary, rowsRead, companions, ct);

    /// <summary>Gates and publishes the encoded table <paramref name="table"/>: these bytes are what the checks see and
    /// what lands on disk.</summary>
    public Task<JobOutcome> PublishAsync(byte[] table, IReadOnlyList<ILutGateCheck> checks,
        IReadOnlyDictionary<string, double> metrics, object summary, long rowsRead,
        IReadOnlyList<LutCompanion>? companions = null, CancellationToken ct = default) =>
        JobPublication.PublishAsync(Context, Table, table, checks, metrics, summary, rowsRead, companions, ct);
}
