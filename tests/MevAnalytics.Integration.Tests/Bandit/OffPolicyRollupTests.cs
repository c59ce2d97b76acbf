using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Data.Connection;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Oracles.Offpolicy;

namespace MevAnalytics.Integration.Tests.Bandit;

/// <summary>
/// The OPE sums the bandit job merges from <c>rollup_ope_5m</c> against the per-row reduction
/// (<see cref="LoggedDecisionReduction.FromDecisions"/>) of the raw decisions of the same window, and the job's
/// queries in <c>system.query_log</c>: none of them reads <c>landing_events</c>.
/// </summary>
[Collection(BanditEngineCollection.Name)]
public sealed class OffPolicyRollupTests(BanditHistoryFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sums_from_the_rollup_equal_the_reduction_of_the_raw_rows(bool byLeaderGroup)
    {
        var truth = fixture.Histories[2].Truth;
        var window = new QueryWindow(truth.Start + TimeSpan.FromHours(3), truth.Start + TimeSpan.FromHours(5));
        var rollup = await BanditQueries.DecisionSumsAsync(fixture.Db, window, byLeaderGroup, default);
        var raw = await DecisionLogQuery.RecentDecisionsAsync(fixture.Db, window, 1_000_000, byLeaderGroup, default);
        var oracle = LoggedDecisionReduction.FromDecisions(raw);

        Assert.True(raw.Count > 50_000, $"only {raw.Count} decisions in the window");
        Assert.Equal(raw.Count, rollup.Decisions);
        Assert.Equal(oracle.Skipped.OrderBy(kv => kv.Key), rollup.Skipped.OrderBy(kv => kv.Key));
        static (string, string, int) Key(LoggedArmSums a) => (a.Context ?? "", a.Route, a.Arm);
        var expected = oracle.Arms.OrderBy(Key).ToList();
        var actual = rollup.Arms.OrderBy(Key).ToList();
        Assert.Equal(expected.Select(Key), actual.Select(Key));
        if (byLeaderGroup) Assert.True(expected.Select(a => a.Context).Distinct().Count() > 1, "one leader group only");
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Count, a.Count);
            Close(e.MaxU, a.MaxU);
            foreach (var (x, y) in Terms(e).Zip(Terms(a))) Close(x, y);
        }
    }

    [Fact]
    public async Task The_bandit_job_reads_no_raw_rows()
    {
        var truth = fixture.Histories[0].Truth;
        await using var session = await fixture.SessionAsync(
            new Dictionary<string, string?> { ["Bandit:OpeSlice"] = "06:00:00" });
        var since = DateTime.UtcNow;
        var outcome = await JobRunner.RunAsync(new BanditJob(), session.Context("test", utcNow: truth.End), default);
        Assert.True(outcome.Status == JobStatus.Published, outcome.Summary);
        Assert.True(outcome.Metrics["ope_decisions"] > 100_000,
            $"OPE read {outcome.Metrics["ope_decisions"]} decisions");

        await fixture.Db.ExecuteAsync("SYSTEM FLUSH LOGS");
        var read = await fixture.Db.QueryAsync("""
            SELECT arrayStringConcat(tables, ','), read_rows FROM system.query_log
            WHERE event_time_microseconds >= {since:DateTime64(6, 'UTC')} AND type = 'QueryFinish'
              AND query_kind = 'Select' AND query NOT LIKE '%system.query_log%'
            """, new QueryParameters().Add("since", since),
            r => (Tables: r.GetString(0), Rows: Convert.ToInt64(r.GetValue(1))));
        Assert.Contains(read, q => q.Tables.Contains("mev.rollup_ope_5m", StringComparison.Ordinal));
        Assert.Contains(read, q => q.Tables.Contains("mev.rollup_arm_5m", StringComparison.Ordinal));
        Assert.DoesNotContain(read, q => q.Tables.Contains("landing_events", StringComparison.Ordinal));
    }

    private static IEnumerable<double> Terms(LoggedArmSums s) =>
    [
        s.SumU, s.SumU2, s.Land.Sum, s.Land.SumSquares, s.Land.SumU, s.Land.SumU2, s.Land.SumU2Squares,
        s.Value.Sum, s.Value.SumSquares, s.Value.SumU, s.Value.SumU2, s.Value.SumU2Squares,
    ];

    // Sums of the same terms in another order: equal to rounding.
    private static void Close(double expected, double actual) =>
        Assert.Equal(expected, actual, 1e-9 * Math.Max(1, Math.Abs(expected)));
}
