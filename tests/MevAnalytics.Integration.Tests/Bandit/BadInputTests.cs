using System.Text.Json;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Latency;
using MevAnalytics.Jobs.Phase;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Integration.Tests.Bandit;

/// <summary>
/// Bad rows written into a window of their own (after the seeds' histories): a route with a single arm, a NaN
/// payoff, a negative payoff, missing (0 and NaN) propensities, NaN and out-of-slot phases, a negative land
/// latency, NaN and negative round-trip times. Every job must publish a table without NaN (read back with LutFile)
/// and count what it skipped, and the bandit job must skip OPE and say why.
/// </summary>
[Collection(BanditEngineCollection.Name)]
public sealed class BadInputTests(BanditHistoryFixture fixture) : IAsyncLifetime
{
    private static readonly DateTime End = new(2026, 3, 9, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Start = End.AddHours(-2);

    public async Task InitializeAsync()
    {
        var exists = await fixture.Db.ScalarAsync<long>(
            "SELECT count() FROM landing_events WHERE ts >= fromUnixTimestamp64Milli({s:Int64}, 'UTC')",
            new Data.Connection.QueryParameters().Add("s", new DateTimeOffset(Start).ToUnixTimeMilliseconds()));
        if (exists > 0) return; // another test of this class already wrote them
        var p = new Data.Connection.QueryParameters().Add("start", new DateTimeOffset(Start).ToUnixTimeMilliseconds());
        // 6,000 good sends on route r1 (arms 0-2) and the single-arm route "solo", one leader, over the 2 hours.
        await fixture.Db.ExecuteAsync("""
            INSERT INTO landing_events (ts, slot, leader, leader_group, route, tip_arm, tip_lamports, p_land_est,
                                        ev_est_sol, propensity, phase_offset_ms, landed, payoff_sol, land_latency_ms,
                                        model_id, policy)
            SELECT fromUnixTimestamp64Milli({start:Int64} + number * 1190, 'UTC'), number, 'L-bad', 'agave',
                   if(number % 4 = 3, 'solo', 'r1'), if(number % 4 = 3, 0, number % 3),
                   1000 * (1 + number % 3), 0.5, 0.01,
                   multiIf(number % 97 = 0, 0, number % 89 = 0, nan, 0.25),
                   (number * 37) % 400, toUInt8((number * 37) % 400 < 250 AND number % 2 = 0),
                   if((number * 37) % 400 < 250 AND number % 2 = 0, 0.01, 0),
                   if((number * 37) % 400 < 250 AND number % 2 = 0, 120 + number % 50, NULL), 'm', 'p'
            FROM numbers(6000)
            """, p);
        // Bad sends: NaN payoff, negative payoff (its own bucket and arm), NaN and out-of-slot phase,
        // negative land latency.
        await fixture.Db.ExecuteAsync("""
            INSERT INTO landing_events (ts, slot, leader, leader_group, route, tip_arm, tip_lamports, p_land_est,
                                        ev_est_sol, propensity, phase_offset_ms, landed, payoff_sol, land_latency_ms,
                                        model_id, policy)
            VALUES
              (fromUnixTimestamp64Milli({start:Int64} + 600000, 'UTC'), 1, 'L-bad', 'agave', 'r1',
               1, 2000, 0.5, 0.01, 0.25, 10, 1, nan, 100, 'm', 'p'),
              (fromUnixTimestamp64Milli({start:Int64} + 1000, 'UTC'), 2, 'L-bad', 'agave', 'r1',
               5, 9000, 0.5, 0.01, 0.25, 10, 1, -0.5, 100, 'm', 'p'),
              (fromUnixTimestamp64Milli({start:Int64} + 2000, 'UTC'), 3, 'L-bad', 'agave', 'r1',
               0, 1000, 0.5, 0.01, 0.25, nan, 0, 0, NULL, 'm', 'p'),
              (fromUnixTimestamp64Milli({start:Int64} + 3000, 'UTC'), 4, 'L-bad', 'agave', 'r1',
               0, 1000, 0.5, 0.01, 0.25, 450, 0, 0, NULL, 'm', 'p'),
              (fromUnixTimestamp64Milli({start:Int64} + 4000, 'UTC'), 5, 'L-bad', 'agave', 'r1',
               0, 1000, 0.5, 0.01, 0.25, 20, 1, 0.01, -5, 'm', 'p')
            """, p);
        // Probes: a good endpoint, one whose successful probes are NaN, one with negative times.
        await fixture.Db.ExecuteAsync("""
            INSERT INTO latency_samples (ts, route, endpoint, region, rtt_ms, ok)
            SELECT fromUnixTimestamp64Milli({start:Int64} + number * 2000, 'UTC'), 'r1',
                   arrayElement(['good', 'nan-ep', 'neg-ep'], number % 3 + 1), 'x',
                   multiIf(number % 3 = 0, 40 + number % 20, number % 3 = 1, nan, -10.0), toUInt8(number % 50 != 0)
            FROM numbers(3000)
            """, p);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private readonly List<string> _log = [];

    private async Task<(JobOutcome Outcome, JsonElement Summary)> RunAsync(IAnalyticsJob job)
    {
        await using var session = await fixture.SessionAsync(new Dictionary<string, string?>
        {
            ["Bandit:Window"] = "02:00:00",
            ["Bandit:OpeSlice"] = "02:00:00",
            ["Latency:Window"] = "02:00:00",
            ["Latency:SummaryWindows:0"] = "01:00:00",
            ["Phase:Window"] = "02:00:00",
            ["Phase:Model:MinKalmanObservations"] = "10",
        });
        var outcome = await JobRunner.RunAsync(job, session.Context("test", _log.Add, utcNow: End), default);
        Assert.True(outcome.Status == JobStatus.Published, outcome.Summary);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(outcome.Outputs[1]));
        return (outcome, doc.RootElement.GetProperty("summary").Clone());
    }

    [Fact]
    public async Task Bandit_skips_bad_buckets_fits_a_single_arm_route_and_skips_ope_on_missing_propensities()
    {
        var (outcome, summary) = await RunAsync(new BanditJob());
        var arms = LutRows.Arms(outcome.Outputs[0]); // asserts every value finite
        Assert.Contains(arms, a => a.Route == "solo" && a.ArmIndex == 0);
        Assert.DoesNotContain(arms,
            a => a.Route == "r1" && a.ArmIndex == 5); // its only bucket had a negative payoff sum
        var skipped = summary.GetProperty("skippedRollupRows").GetProperty("counts");
        Assert.Equal(1, skipped.GetProperty("PayoffSum is not finite").GetInt32());
        Assert.Equal(1, skipped.GetProperty("PayoffSum is negative").GetInt32());
        // Said in the run's log too, not only in the summary file.
        Assert.Contains(_log, l =>
            l.Contains("rollup rows left out: PayoffSum is negative: 1", StringComparison.Ordinal)
            && l.Contains("PayoffSum is not finite: 1", StringComparison.Ordinal)
            && l.Contains("logged decisions left out:", StringComparison.Ordinal));
        var ope = summary.GetProperty("offPolicy");
        Assert.False(ope.GetProperty("evaluated").GetBoolean());
        Assert.Contains("propensity", ope.GetProperty("skipReason").GetString());
        // Counted in ClickHouse from the inserts above: propensity 0 for number % 97 = 0 (62 rows), NaN for
        // number % 89 = 0 otherwise (67 rows); the two bad-payoff rows are counted under their own reasons, before
        // the propensity check.
        var opeSkips = ope.GetProperty("skipped").GetProperty("counts");
        Assert.Equal(62 + 67, opeSkips.GetProperty("Propensity is missing, zero or outside (0, 1]").GetInt32());
        Assert.Equal(1, opeSkips.GetProperty("PayoffSol is not finite").GetInt32());
        Assert.Equal(1, opeSkips.GetProperty("PayoffSol is negative").GetInt32());
        Assert.Equal(6005, ope.GetProperty("decisions").GetInt32());
        Assert.Contains("skipped", ope.GetProperty("gate").GetProperty("reason").GetString());
        var solo = summary.GetProperty("routes").EnumerateArray()
            .Single(r => r.GetProperty("route").GetString() == "solo");
        Assert.Equal("GlobalFit", solo.GetProperty("prior").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Latency_counts_endpoints_with_nan_or_negative_times_and_publishes_the_rest()
    {
        var (outcome, summary) = await RunAsync(new LatencyJob());
        var rows = LutRows.Latencies(outcome.Outputs[0]);
        Assert.Equal(["*", "good"], rows.Where(r => r.Route == "r1").Select(r => r.Endpoint).Order().ToArray());
        var skipped = summary.GetProperty("main").GetProperty("skipped");
        Assert.Equal(2, skipped.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Phase_counts_bad_phases_and_latencies_and_publishes_finite_profiles()
    {
        var (outcome, summary) = await RunAsync(new PhaseJob());
        var rows = LutRows.Phases(outcome.Outputs[0]);
        Assert.Contains(rows, r => r.Leader == "*");
        var counts = summary.GetProperty("skipped").GetProperty("counts");
        Assert.True(summary.GetProperty("skipped").GetProperty("total").GetInt32() >= 3, counts.ToString());
        Assert.Contains(counts.EnumerateObject(), c => c.Name.Contains("LandLatencyMs"));
    }
}
