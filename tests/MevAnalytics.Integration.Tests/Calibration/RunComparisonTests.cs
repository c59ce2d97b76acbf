using MevAnalytics.Integration.Tests.Support;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Integration.Tests.Calibration;

/// <summary>
/// Runs you can compare: every recorded run keeps its parameters (its options, build revision, source mapping) in
/// <c>job_runs</c>, and <c>mev runs compare A B</c>, a real <c>mev</c> process, prints the parameters that differ and
/// the metric changes of two calibrate runs.
/// </summary>
[Collection(CalibrationCollection.Name)]
public sealed class RunComparisonTests(CalibrationFixture fx)
{
    [Fact]
    public async Task Runs_compare_shows_the_parameter_and_metric_differences_of_two_calibrate_runs()
    {
        var root = fx.NewRoot("compare");
        var first = await fx.RunAsync(root);
        var second = await fx.RunAsync(root,
            new Dictionary<string, string?> { ["Calibration:HalfLife"] = "1.00:00:00" });
        Assert.NotEqual(JobStatus.Failed, first.Status);
        Assert.NotEqual(JobStatus.Failed, second.Status);
        var ids = (await RecordedRun.ListAsync(fx.Store.Db, CalibrationJob.JobName, 2, default))
            .Select(r => r.RunId.ToString()).ToArray();
        var newest = await RecordedRun.FindAsync(fx.Store.Db, ids[0], default);
        Assert.Equal("1.00:00:00", newest.Parameters["Calibration:HalfLife"]);
        Assert.Equal("7.00:00:00", newest.Parameters["Calibration:Window"]);
        Assert.Equal("none", newest.Parameters[RunParameters.Sources]);
        Assert.True(newest.Parameters.ContainsKey(RunParameters.Revision));

        var env = new Dictionary<string, string>
        {
            ["MEV_ClickHouse__ConnectionString"] = fx.Engine.ConnectionString(),
            ["MEV_ClickHouse__Database"] = "mev",
            ["MEV_Artifacts__Root"] = root,
        };
        var compare = await MevProcess.RunAsync(env, null, "runs", "compare", ids[1][..8], ids[0][..8]);
        Assert.True(compare.Exit == 0, compare.Output);
        Assert.Contains("parameters that differ:", compare.Output);
        Assert.Contains("  Calibration:HalfLife:  -> 1.00:00:00", compare.Output);
        Assert.DoesNotContain("Calibration:Window:", compare.Output); // equal parameters are not listed
        Assert.Matches(@"  holdout_ece_after: [0-9.e-]+, [0-9.e-]+, -?[0-9.e-]+", compare.Output);
        var list = await MevProcess.RunAsync(env, null, "runs", "list", "--job", "calibrate", "--limit", "2");
        Assert.Contains(ids[0], list.Output);
        Assert.StartsWith("run_id\tjob\tstarted_at", list.Output.Split('\n')
            .First(l => l.StartsWith("run_id", StringComparison.Ordinal)));
    }
}
