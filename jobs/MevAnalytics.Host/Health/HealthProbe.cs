using System.Diagnostics;
using Hangfire;
using MevAnalytics.Host.Configuration;
using MevAnalytics.Host.Execution;
using MevAnalytics.Host.Scheduling;

namespace MevAnalytics.Host.Health;

/// <summary>Runs the checks behind <c>/healthz</c>, each bounded by a timeout so a hung dependency reports instead of
/// hanging.</summary>
public sealed class HealthProbe(JobSessionHolder session, JobStorage storage)
{
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Checks ClickHouse and Hangfire storage; <paramref name="luts"/> are the tables as just read.</summary>
    public async Task<HealthReport> CheckAsync(IReadOnlyList<LutStatus> luts, CancellationToken ct)
    {
        var clickHouse = TimedAsync(async token =>
        {
            var one = await (await session.GetAsync(token)).Store.Db.ScalarAsync<int>("SELECT 1", null, token);
            if (one != 1) throw new InvalidOperationException($"SELECT 1 returned {one}");
        }, ct);
        var hangfire = TimedAsync(token => Task.Run(() =>
        {
            using var connection = storage.GetConnection();
            connection.GetAllItemsFromSet("recurring-jobs");
        }, token), ct);
        var at = DateTime.UtcNow;
        return new HealthReport(await clickHouse, await hangfire, luts, at);
    }

    private static async Task<ComponentCheck> TimedAsync(Func<CancellationToken, Task> check, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            await check(timeout.Token).WaitAsync(timeout.Token);
            return new ComponentCheck(true, clock.Elapsed.TotalMilliseconds, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ComponentCheck(false, clock.Elapsed.TotalMilliseconds,
                $"no answer within {CheckTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Exception messages of the drivers name hosts and errors, not passwords.
            return new ComponentCheck(false, clock.Elapsed.TotalMilliseconds, e.GetType().Name + ": " + e.Message);
        }
    }
}
