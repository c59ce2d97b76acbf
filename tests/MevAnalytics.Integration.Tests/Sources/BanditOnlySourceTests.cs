using MevAnalytics.Integration.Tests.Support;
using MevAnalytics.Lut;

namespace MevAnalytics.Integration.Tests.Sources;

/// <summary>
/// docs/sources.md's bandit-only example, as an operator runs it with real <c>mev</c> processes: a table that logs
/// endpoint, leader, tip in lamports, Bool success, profit in lamports and latency (no score, no EV, no tip arm, no
/// propensity), mapped by environment variables in snake_case with the tip arm derived by
/// <c>TipArmBuckets</c>. The bandit job publishes posteriors with the off-policy check skipped and its reason;
/// calibrate ends unavailable (exit 4) naming the keys it needs.
/// </summary>
[Collection(SourcesCollection.Name)]
public sealed class BanditOnlySourceTests(SourcesFixture fx)
{
    // The simulator's tip ladder is 1,000 / 10,000 / 50,000 / 100,000 / 500,000 / 1,000,000 lamports (arms 0..5).
    private static readonly string[] Bounds = ["10000", "50000", "100000", "500000", "1000000"];

    private Dictionary<string, string> Environment(string root)
    {
        var env = new Dictionary<string, string>
        {
            ["MEV_ClickHouse__ConnectionString"] = fx.Engine.ConnectionString(),
            ["MEV_ClickHouse__Database"] = "banditonly",
            ["MEV_Artifacts__Root"] = root,
            ["MEV_Sources__Landing__Table"] = "searcher.bandit_events",
            ["MEV_Sources__Landing__Columns__ts"] = "at",
            ["MEV_Sources__Landing__Columns__route"] = "endpoint",
            ["MEV_Sources__Landing__Columns__leader"] = "leader",
            ["MEV_Sources__Landing__Columns__tip_lamports"] = "tip_lamports",
            ["MEV_Sources__Landing__Columns__landed"] = "success",
            ["MEV_Sources__Landing__Columns__payoff"] = "profit_lamports / 1e9",
            ["MEV_Sources__Landing__Columns__land_latency_ms"] = "latency_ms",
        };
        for (int i = 0; i < Bounds.Length; i++) env[$"MEV_Sources__Landing__TipArmBuckets__{i}"] = Bounds[i];
        return env;
    }

    [Fact]
    public async Task A_bandit_only_table_publishes_posteriors_skips_ope_with_its_reason_and_calibrate_is_unavailable()
    {
        var root = fx.NewRoot("bandit-only");
        var env = Environment(root);
        var check = await MevProcess.RunAsync(env, null, "sources", "check");
        Assert.True(check.Exit == 0, check.Output);
        Assert.Matches(@"TipArm\s+arrayCount\(b -> toUInt64\(tip_lamports\) >= b, \[10000, 50000, 100000, 500000, " +
                       @"1000000\]\)\s+->\s+UInt\d+ as tip_arm UInt8; sample: [0-5]", check.Output);
        Assert.Matches(@"Landed\s+success\s+->\s+Bool as landed UInt8", check.Output);
        Assert.Matches(@"bandit\s+runs", check.Output);
        Assert.Matches(@"calibrate\s+not available: needs Sources:Landing:Columns:Score, " +
                       "Sources:Landing:Columns:EvEst\r?\n", check.Output);
        Assert.Matches(@"phase\s+not available: needs Sources:Landing:Columns:PhaseOffsetMs", check.Output);

        var bandit = await MevProcess.RunAsync(env, null, "run", "bandit");
        Assert.True(bandit.Exit == 0, bandit.Output);
        Assert.Contains("bandit: published", bandit.Output);
        Assert.Contains("skipped: the landing source searcher.bandit_events maps no propensity", bandit.Output);
        var current = new LutPublisher(new LutPublisherOptions { ArtifactRoot = Path.Combine(root, "luts") });
        using (var table = current.OpenCurrent("bandit")!)
        {
            // Every route the table logs, each with the six arms the buckets derive from lamports.
            var routes = await fx.Server.QueryAsync("SELECT DISTINCT endpoint FROM searcher.bandit_events", null,
                r => r.GetString(0));
            Assert.NotEmpty(routes);
            foreach (var route in routes)
                for (int arm = 0; arm <= Bounds.Length; arm++)
                    Assert.True(table.Reader.TryGetArm(route, (byte)arm, out _), $"no arm {arm} on route {route}");
        }

        var calibrate = await MevProcess.RunAsync(env, null, "run", "calibrate");
        Assert.True(calibrate.Exit == 4, calibrate.Output);
        Assert.Contains("calibrate: unavailable", calibrate.Output);
        Assert.Contains("Sources:Landing:Columns:Score, Sources:Landing:Columns:EvEst", calibrate.Output);

        // An EV estimate mapped by its snake_case key is the EvEst role: calibrate then needs only the score.
        env["MEV_Sources__Landing__Columns__ev_est"] = "profit_lamports / 1e9";
        var withEv = await MevProcess.RunAsync(env, null, "sources", "check");
        Assert.True(withEv.Exit == 0, withEv.Output);
        Assert.Matches(@"EvEst\s+profit_lamports / 1e9\s+->\s+Float64 as ev_est_sol Float64", withEv.Output);
        Assert.Matches(@"calibrate\s+not available: needs Sources:Landing:Columns:Score\r?\n", withEv.Output);
    }
}
