using System.Diagnostics;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Engine;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// Runs a job the same way for every caller: takes the job's no-overlap lock (a file lock under the artifact root, so
/// the CLI and any host on this machine exclude each other), runs it, turns exceptions into a failed outcome, and
/// records the run in <c>job_runs</c>.
/// </summary>
public static class JobRunner
{
    /// <summary>Runs <paramref name="job"/>; never throws for a job failure (the outcome says Failed), only for cancellation.</summary>
    public static async Task<JobOutcome> RunAsync(IAnalyticsJob job, JobContext context, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        JobOutcome outcome;
        var lockPath = Path.Combine(context.Artifacts.Root, "locks", job.Name + ".lock");
        using (var gate = FileGate.TryAcquire(lockPath))
        {
            if (gate is null)
            {
                outcome = Failed($"job {job.Name} is already running (lock {lockPath} is held)");
            }
            else
            {
                try
                {
                    outcome = await job.RunAsync(context, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    outcome = Failed(e.Message);
                }
            }
        }
        await RecordAsync(job, context, started, clock.Elapsed, outcome, ct);
        return outcome;
    }

    private static JobOutcome Failed(string error) =>
        new(JobStatus.Failed, error, 0, null, new Dictionary<string, double>(), []);

    private static async Task RecordAsync(IAnalyticsJob job, JobContext context, DateTime started, TimeSpan elapsed, JobOutcome outcome, CancellationToken ct)
    {
        try
        {
            await context.Store.Db.ExecuteAsync("""
                INSERT INTO job_runs (run_id, job, trigger, started_at, duration_ms, rows_read, status, error, lut_version, metrics)
                SELECT generateUUIDv4(), {job:String}, {trigger:String}, fromUnixTimestamp64Milli({started:Int64}, 'UTC'),
                       {duration:UInt64}, {rows:UInt64}, {status:String}, {error:String}, {lut:String},
                       mapFromArrays({keys:Array(String)}, {values:Array(Float64)})
                """,
                new QueryParameters()
                    .Add("job", job.Name)
                    .Add("trigger", context.Trigger)
                    .Add("started", new DateTimeOffset(started).ToUnixTimeMilliseconds())
                    .Add("duration", (ulong)elapsed.TotalMilliseconds)
                    .Add("rows", (ulong)Math.Max(0, outcome.RowsRead))
                    .Add("status", outcome.Status.ToString().ToLowerInvariant())
                    .Add("error", outcome.Status is JobStatus.Failed or JobStatus.Gated ? outcome.Summary : "") // gated: the gate's reason
                    .Add("lut", outcome.LutVersion ?? "")
                    .Add("keys", outcome.Metrics.Keys.ToArray())
                    .Add("values", outcome.Metrics.Values.ToArray()), ct);
        }
        catch (ClickHouseUnavailableException e)
        {
            // The run itself is what matters; losing its history row must not turn a success into a failure.
            context.Log($"warning: could not record the run in job_runs: {e.Message}");
        }
    }
}
