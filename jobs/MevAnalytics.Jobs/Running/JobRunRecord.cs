using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Running;

/// <summary>One row of <c>job_runs</c>: the history behind trends, metrics and health.</summary>
public static class JobRunRecord
{
    /// <summary>Inserts the row; a ClickHouse outage is logged, not thrown (the run itself is what matters).</summary>
    public static async Task WriteAsync(JobContext context, string job, Guid runId, string trigger, DateTime started,
        TimeSpan elapsed, JobOutcome outcome, IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        try
        {
            await context.Db.InsertAsync("""
                INSERT INTO job_runs (run_id, job, trigger, started_at, duration_ms, rows_read, status, error,
                                      lut_version, metrics, params)
                SELECT {run_id:UUID}, {job:String}, {trigger:String}, fromUnixTimestamp64Milli({started:Int64}, 'UTC'),
                       {duration:UInt64}, {rows:UInt64}, {status:String}, {error:String}, {lut:String},
                       mapFromArrays({keys:Array(String)}, {values:Array(Float64)}),
                       mapFromArrays({param_keys:Array(String)}, {param_values:Array(String)})
                """,
                new QueryParameters()
                    .Add("run_id", runId)
                    .Add("job", job)
                    .Add("trigger", trigger)
                    .Add("started",
                        new DateTimeOffset(DateTime.SpecifyKind(started, DateTimeKind.Utc)).ToUnixTimeMilliseconds())
                    .Add("duration", (ulong)elapsed.TotalMilliseconds)
                    .Add("rows", (ulong)Math.Max(0, outcome.RowsRead))
                    .Add("status", outcome.StatusName)
                    .Add("error", outcome.Status is JobStatus.Failed or JobStatus.Gated or JobStatus.Unavailable
                        ? outcome.Summary
                        : "")
                    .Add("lut", outcome.LutVersion ?? "")
                    .Add("keys", outcome.Metrics.Keys.ToArray())
                    .Add("values", outcome.Metrics.Values.ToArray())
                    .Add("param_keys", parameters.Keys.ToArray())
                    .Add("param_values", parameters.Values.ToArray()), ct);
        }
        catch (ClickHouseUnavailableException e)
        {
            context.Log($"warning: could not record the run in job_runs: {e.Message}");
        }
    }
}
