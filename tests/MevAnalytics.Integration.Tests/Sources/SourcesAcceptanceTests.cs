using MevAnalytics.Integration.Tests.Support;
using MevAnalytics.Lut;

namespace MevAnalytics.Integration.Tests.Sources;

/// <summary>
/// Issue 11's acceptance, as an operator does it with real <c>mev</c> processes: foreign-shaped tables exist and hold
/// history (the docs' worked example, no tip arm, no propensity); only <c>MEV_Sources__…</c> settings point the jobs
/// at them. <c>sources check</c> shows the mapping (and, as the first start with it, aggregates the history the
/// tables already hold into the rollups), calibrate and latency publish, bandit explains what it lacks (exit 4).
/// </summary>
[Collection(SourcesCollection.Name)]
public sealed class SourcesAcceptanceTests(SourcesFixture fx)
{
    private Dictionary<string, string> Environment(string root)
    {
        var env = new Dictionary<string, string>
        {
            ["MEV_ClickHouse__ConnectionString"] = fx.Engine.ConnectionString(),
            ["MEV_ClickHouse__Database"] = "accept",
            ["MEV_Artifacts__Root"] = root,
            ["MEV_Sources__Landing__Table"] = "searcher.bundle_log",
            ["MEV_Sources__Latency__Table"] = "searcher.probes",
        };
        foreach (var (role, expression) in SourcesFixture.BundleLog)
            env[$"MEV_Sources__Landing__Columns__{role}"] = expression;
        foreach (var (role, expression) in SourcesFixture.Probes)
            env[$"MEV_Sources__Latency__Columns__{role}"] = expression;
        return env;
    }

    [Fact]
    public async Task Foreign_tables_mapped_by_settings_alone_publish_calibrate_latency_and_bandit_says_what_it_lacks()
    {
        var root = fx.NewRoot("accept");
        var env = Environment(root);
        var check = await MevProcess.RunAsync(env, null, "sources", "check");
        Assert.True(check.Exit == 0, check.Output);
        Assert.Contains("Landing: `searcher`.`bundle_log`", check.Output);
        Assert.Matches(@"Score\s+p_hat\s+->\s+Float32 as p_land_est Float64; sample: 0\.\d+", check.Output);
        Assert.Matches(@"Leader\s+leader\s+->\s+FixedString\(44\) as leader String; sample: \w{32,44}\r?\n",
            check.Output);
        Assert.Matches(@"TipArm\s+calibrate: per-route curves only.*bandit: not available", check.Output);
        Assert.Matches(@"Propensity\s+bandit: off-policy evaluation skipped", check.Output);
        Assert.Matches(@"RttMs\s+rtt_us / 1000\s+->\s+Float64", check.Output);

        // No backfill step: the first start with the mapping aggregated the table's history into the rollups.
        Assert.Contains("day partitions filled", check.Output);

        var calibrate = await MevProcess.RunAsync(env, null, "run", "calibrate");
        Assert.True(calibrate.Exit == 0, calibrate.Output);
        Assert.Contains("calibrate: published", calibrate.Output);
        var latency = await MevProcess.RunAsync(env, null, "run", "latency");
        Assert.True(latency.Exit == 0, latency.Output);
        Assert.Contains("latency: published", latency.Output);
        var bandit = await MevProcess.RunAsync(env, null, "run", "bandit");
        Assert.True(bandit.Exit == 4, bandit.Output);
        Assert.Contains("bandit: unavailable", bandit.Output);
        Assert.Contains("Sources:Landing:Columns:TipArm", bandit.Output);

        // A typo in one expression stops every command at start with one line naming what to change.
        env["MEV_Sources__Landing__Columns__Score"] = "p_hatt";
        var typo = await MevProcess.RunAsync(env, null, "run", "calibrate");
        Assert.Equal(1, typo.Exit);
        var error = Assert.Single(typo.Output.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("role Score: expression `p_hatt`", error);
        Assert.Contains("(change Sources:Landing:Columns:Score)", error);

        // The published latency table covers every route and endpoint the foreign probes name.
        var pairs = await fx.Server.QueryAsync(
            "SELECT DISTINCT relay, host FROM searcher.probes WHERE at >= {from:DateTime} ORDER BY relay, host",
            new Data.Connection.QueryParameters().Add("from", fx.End.AddHours(-24)),
            r => (Route: r.GetString(0), Endpoint: r.GetString(1)));
        var current = new LutPublisher(new LutPublisherOptions { ArtifactRoot = Path.Combine(root, "luts") });
        using var table = current.OpenCurrent("latency")!;
        Assert.NotEmpty(pairs);
        foreach (var (route, endpoint) in pairs) Assert.True(table.Reader.TryGetLatency(route, endpoint, out _));
    }
}
