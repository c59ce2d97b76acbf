using System.Text.Json;
using System.Text.Json.Serialization;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Publishing;

/// <summary>
/// The last step every LUT-producing job shares: gate and publish the table through <see cref="LutPublisher"/>
/// (under <c>{Artifacts:Root}/luts/{table}/</c>) together with its summary JSON and any other companion files (a
/// snapshot), as one decision, and turn the result into a <see cref="JobOutcome"/>. A refused table publishes nothing;
/// its summary and companions land in <c>{Artifacts:Root}/summaries/{table}/</c> so the reason can be read, and only
/// the newest <c>Artifacts:Keep</c> refusals are kept.
/// </summary>
public static class JobPublication
{
    /// <summary>JSON options of summaries: indented, camelCase, no NaN (non-finite numbers are written as strings).</summary>
    public static readonly JsonSerializerOptions SummaryJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Crash drill: set to a <see cref="LutPublishStage"/> name to have the process kill itself (SIGKILL) at that
    /// point of every publish. Tests use it to prove that a publisher killed mid-publish leaves <c>current</c> valid.</summary>
    public const string KillAtStageVariable = "MEV_CRASH_DRILL_KILL_AT_PUBLISH_STAGE";

    /// <summary>Disk-full drill: set to a <see cref="LutPublishStage"/> name to have every publish fail there with the
    /// error a full disk gives (where a small tmpfs cannot be mounted to produce the real thing).</summary>
    public const string FailAtStageVariable = "MEV_DISK_FULL_DRILL_FAIL_AT_PUBLISH_STAGE";

    /// <summary>File suffix of the summary companion.</summary>
    public const string SummarySuffix = "summary.json";

    /// <summary>The publisher of <paramref name="context"/>'s artifact root.</summary>
    public static LutPublisher Publisher(JobContext context) =>
        new(new LutPublisherOptions { ArtifactRoot = LutRoot(context), Keep = context.Artifacts.Keep }, Drill());

    private static Action<LutPublishStage>? Drill()
    {
        if (Enum.TryParse<LutPublishStage>(Environment.GetEnvironmentVariable(KillAtStageVariable), out var kill))
            return stage =>
            {
                if (stage == kill) System.Diagnostics.Process.GetCurrentProcess().Kill();
            };
        if (Enum.TryParse<LutPublishStage>(Environment.GetEnvironmentVariable(FailAtStageVariable), out var fail))
            return stage =>
            {
                if (stage == fail) throw new IOException($"No space left on device (disk-full drill at {stage})");
            };
        return null;
    }

    /// <summary>Folder holding one subfolder per table.</summary>
    public static string LutRoot(JobContext context) => Path.Combine(context.Artifacts.Root, "luts");

    /// <summary>Folder of a table's refused runs (summaries and their companions).</summary>
    public static string GatedRoot(JobContext context, string table) =>
        Path.Combine(context.Artifacts.Root, "summaries", table);

    /// <summary>Gates and publishes the encoded table <paramref name="bytes"/> with its summary and companions: the
    /// bytes the checks score are the bytes written.</summary>
    /// <param name="context">The run.</param>
    /// <param name="table">Table name (folder and file prefix), e.g. <c>calibration</c>.</param>
    /// <param name="bytes">The table, encoded (<see cref="LutWriter.Write"/>).</param>
    /// <param name="checks">Gate checks; any failure keeps the current table.</param>
    /// <param name="metrics">Key metrics for the manifest and <c>job_runs</c>; non-finite ones are dropped.</param>
    /// <param name="summary">Anything serialisable; written as the <c>summary.json</c> companion with the gate result.</param>
    /// <param name="rowsRead">Rows ClickHouse returned to the job.</param>
    /// <param name="companions">Other files published with the table (a snapshot).</param>
    /// <param name="ct">Cancels the run.</param>
    public static async Task<JobOutcome> PublishAsync(JobContext context, string table, byte[] bytes,
        IReadOnlyList<ILutGateCheck> checks, IReadOnlyDictionary<string, double> metrics, object summary, long rowsRead,
        IReadOnlyList<LutCompanion>? companions = null, CancellationToken ct = default)
    {
        var finite = metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value);
        // Filled in when the gate refuses: the refused run's summary is written after the decision, with the reasons.
        var failures = (IReadOnlyList<LutCheckFailure>)[];
        // Serialised now: under the publisher's lock the companion only copies it.
        var summaryJson = JsonSerializer.SerializeToElement(summary, SummaryJson);
        var summaryCompanion = new LutCompanion(SummarySuffix, (stream, version, token) =>
            JsonSerializer.SerializeAsync(stream, new
            {
                Table = table,
                Published = version is not null,
                Version = version,
                RunId = context.RunId,
                Gate = failures.Select(f => new { f.Name, f.Reason }).ToArray(),
                Metrics = finite,
                Summary = summaryJson,
            }, SummaryJson, token));
        var all = (IReadOnlyList<LutCompanion>)[summaryCompanion, .. companions ?? []];
        var publisher = Publisher(context);
        var result = await publisher.PublishAsync(table, bytes,
            new LutPublishMetadata(Producer(context), finite, context.RunId.ToString()), checks, all, ct);
        if (result.Published)
        {
            var outputs = new List<string> { result.FilePath! };
            outputs.AddRange(all.Select(c => Path.ChangeExtension(result.FilePath!, null) + "." + c.Suffix));
            return new JobOutcome(JobStatus.Published, $"published {table} v{result.Version}", rowsRead,
                result.Version!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), finite, outputs);
        }

        failures = result.FailedChecks;
        var gated = await GatedRuns.WriteAsync(GatedRoot(context, table), table, context.UtcNow, all, context.Artifacts.Keep, ct);
        return new JobOutcome(JobStatus.Gated,
            "gate refused the new table, current one kept: " +
            string.Join("; ", result.FailedChecks.Select(f => $"{f.Name}: {f.Reason}{GateHints.For(table, f.Name)}")),
            rowsRead, null, finite, gated);
    }

    private static string Producer(JobContext context) =>
        $"{context.Trigger}@{Environment.MachineName}";
}
