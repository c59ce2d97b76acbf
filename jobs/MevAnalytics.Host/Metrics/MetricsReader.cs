using MevAnalytics.Host.Configuration;
using MevAnalytics.Host.Execution;
using MevAnalytics.Host.Health;
using MevAnalytics.Host.Scheduling;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Latency;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Reports.Views;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Metrics;

/// <summary>Reads an <see cref="OperatorState"/> for one scrape: ClickHouse reads are bounded by the health timeout and
/// reported missing (not failed) when it does not answer; tables come from their manifests and summaries.</summary>
public static class MetricsReader
{
    /// <summary>Recent window of <c>mev_route_landing_rate</c>.</summary>
    public static readonly TimeSpan LandingWindow = TimeSpan.FromHours(1);

    public static async Task<OperatorState> ReadAsync(JobSessionHolder session, JobSchedule schedule,
        ArtifactSnapshot artifacts, DateTime now, CancellationToken ct)
    {
        // While ClickHouse is down the session may not be open yet: its figures are then missing, the rest is served.
        var runs = await BoundedAsync(async token =>
            await JobRunStats.ReadAsync((await session.GetAsync(token)).Store.Db, token), ct);
        var routes = await BoundedAsync(async token =>
            await TrendQueries.RouteTotalsAsync((await session.GetAsync(token)).Store.Db,
                QueryWindow.Ending(now, LandingWindow), token), ct);
        var tables = artifacts.Tables;
        var latency = ReportReader.Latency(tables.FirstOrDefault(t => t.Table == LatencyJob.TableName));
        var calibration = tables.FirstOrDefault(t => t.Table == CalibrationJob.TableName)?.Metrics;
        return new OperatorState(runs, artifacts.Luts, schedule.Cron.Keys, routes, latency, calibration);
    }

    private static async Task<T?> BoundedAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken ct)
        where T : class
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(HealthProbe.CheckTimeout);
            return await read(timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
