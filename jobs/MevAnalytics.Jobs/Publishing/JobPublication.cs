using System.Text.Json;
using System.Text.Json.Serialization;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Publishing;

/// <summary>
/// The last step every LUT-producing job shares: gate and publish the table through <see cref="LutPublisher"/>
/// (under <c>{Artifacts:Root}/luts/{table}/</c>), write the job's summary JSON, and turn the result into a
/// <see cref="JobOutcome"/>. A refused table publishes nothing; its summary still lands in
/// <c>{Artifacts:Root}/summaries/{table}/</c> so the reason can be read.
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

    /// <summary>The publisher of <paramref name="context"/>'s artifact root.</summary>
    public static LutPublisher Publisher(JobContext context) =>
        new(new LutPublisherOptions { ArtifactRoot = LutRoot(context), Keep = context.Artifacts.Keep }, CrashDrill());

    private static Action<LutPublishStage>? CrashDrill() =>
        Enum.TryParse<LutPublishStage>(Environment.GetEnvironmentVariable(KillAtStageVariable), out var target)
            ? stage =>
            {
                if (stage == target) System.Diagnostics.Process.GetCurrentProcess().Kill();
            }
            : null;

    /// <summary>Folder holding one subfolder per table.</summary>
    public static string LutRoot(JobContext context) => Path.Combine(context.Artifacts.Root, "luts");

    /// <summary>Gates and publishes <paramref name="content"/>, writes <paramref name="summary"/> and reports.</summary>
    /// <param name="context">The run.</param>
    /// <param name="table">Table name (folder and file prefix), e.g. <c>calibration</c>.</param>
    /// <param name="content">The table.</param>
    /// <param name="checks">Gate checks; any failure keeps the current table.</param>
    /// <param name="metrics">Key metrics for the manifest and <c>job_runs</c>; must be finite.</param>
    /// <param name="summary">Anything serialisable; written as <c>{file}.summary.json</c> with the gate result added.</param>
    /// <param name="rowsRead">Rows ClickHouse returned to the job.</param>
    /// <param name="extraOutputs">Other files the job wrote (snapshots).</param>
    /// <param name="ct">Cancels the run.</param>
    public static async Task<JobOutcome> PublishAsync(JobContext context, string table, LutContent content,
        IReadOnlyList<ILutGateCheck> checks, IReadOnlyDictionary<string, double> metrics, object summary, long rowsRead,
        IReadOnlyList<string>? extraOutputs = null, CancellationToken ct = default)
    {
        var finite = metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value);
        var result = Publisher(context).Publish(table, content, new LutPublishMetadata(Producer(context), finite), checks);
        var outputs = new List<string>();
        string summaryPath;
        if (result.Published)
        {
            outputs.Add(result.FilePath!);
            summaryPath = Path.ChangeExtension(result.FilePath!, ".summary.json");
        }
        else
        {
            var dir = Path.Combine(context.Artifacts.Root, "summaries", table);
            Directory.CreateDirectory(dir);
            summaryPath = Path.Combine(dir, $"{table}-gated-{context.UtcNow:yyyyMMddTHHmmss}.summary.json");
        }
        var document = new
        {
            Table = table,
            Published = result.Published,
            result.Version,
            Gate = result.FailedChecks.Select(f => new { f.Name, f.Reason }).ToArray(),
            Metrics = finite,
            Summary = summary,
        };
        await WriteAtomicallyAsync(summaryPath, JsonSerializer.SerializeToUtf8Bytes(document, SummaryJson), ct);
        outputs.Add(summaryPath);
        if (extraOutputs is not null) outputs.AddRange(extraOutputs);

        return result.Published
            ? new JobOutcome(JobStatus.Published, $"published {table} v{result.Version}", rowsRead, result.Version!.Value.ToString(), finite, outputs)
            : new JobOutcome(JobStatus.Gated,
                "gate refused the new table, current one kept: " + string.Join("; ", result.FailedChecks.Select(f => $"{f.Name}: {f.Reason}")),
                rowsRead, null, finite, outputs);
    }

    /// <summary>Writes via a temporary file and a rename, so readers never see half a file.</summary>
    public static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken ct)
    {
        var tmp = path + ".tmp";
        await File.WriteAllBytesAsync(tmp, bytes, ct);
        File.Move(tmp, path, overwrite: true);
    }

    private static string Producer(JobContext context) =>
        $"{context.Trigger}@{Environment.MachineName}";
}
