using System.Globalization;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Running;

/// <summary>One <c>job_runs</c> row with its parameters and metrics, as <c>mev runs</c> shows it.</summary>
public sealed record RecordedRun(Guid RunId, string Job, string Trigger, DateTime StartedAt, long DurationMs,
    long RowsRead, string Status, string Error, string LutVersion, IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Parameters)
{
    private const string Columns = """
        SELECT run_id, job, trigger, toInt64(toUnixTimestamp64Milli(started_at)), toInt64(duration_ms),
               toInt64(rows_read), status, error, lut_version, mapKeys(metrics), mapValues(metrics), mapKeys(params),
               mapValues(params)
        FROM job_runs
        """;

    /// <summary>The newest <paramref name="limit"/> runs, of <paramref name="job"/> when given.</summary>
    public static Task<List<RecordedRun>> ListAsync(ClickHouseGateway db, string? job, int limit,
        CancellationToken ct) =>
        db.QueryAsync($"{Columns} WHERE {{job:String}} = '' OR job = {{job:String}} " +
                      "ORDER BY started_at DESC LIMIT {limit:UInt32}",
            new QueryParameters().Add("job", job ?? "").Add("limit", (uint)limit), Read, ct);

    /// <summary>The run whose id is or starts with <paramref name="id"/>; throws when none or several match.</summary>
    public static async Task<RecordedRun> FindAsync(ClickHouseGateway db, string id, CancellationToken ct)
    {
        var matches = await db.QueryAsync($"{Columns} WHERE startsWith(toString(run_id), {{id:String}}) LIMIT 2",
            new QueryParameters().Add("id", id.Trim().ToLowerInvariant()), Read, ct);
        return matches switch
        {
            [var one] => one,
            [] => throw new KeyNotFoundException($"no run '{id}' in job_runs (mev runs list shows the ids)"),
            _ => throw new ArgumentException($"run id '{id}' matches several runs; give more of it"),
        };
    }

    private static RecordedRun Read(ClickHouse.Driver.ADO.Readers.ClickHouseDataReader r)
    {
        static string[] Texts(object v) =>
            [.. ((System.Collections.IEnumerable)v).Cast<object>().Select(o => (string)o)];
        var metricKeys = Texts(r.GetValue(9));
        var metricValues = ((System.Collections.IEnumerable)r.GetValue(10)).Cast<object>()
            .Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray();
        var paramKeys = Texts(r.GetValue(11));
        var paramValues = Texts(r.GetValue(12));
        return new RecordedRun((Guid)r.GetValue(0), r.GetString(1), r.GetString(2),
            DateTime.UnixEpoch.AddMilliseconds(r.GetInt64(3)), r.GetInt64(4), r.GetInt64(5), r.GetString(6),
            r.GetString(7), r.GetString(8),
            metricKeys.Zip(metricValues).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
            paramKeys.Zip(paramValues).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
    }
}
