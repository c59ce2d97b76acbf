using System.Diagnostics;
using System.Text.Json;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Publishing;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Jobs.Simulation;

namespace MevAnalytics.Integration.Tests.Cluster;

/// <summary>
/// A shard that goes away while a job runs: the job fails naming the shard, publishes nothing, and never hides the loss
/// behind a partial answer (no <c>skip_unavailable_shards</c>).
/// </summary>
public sealed class ShardDownTests
{
    [Fact]
    public async Task A_shard_stopped_mid_run_fails_the_job_naming_it_and_publishes_nothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mev-shard-down-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = ClusterPair.Settings(Path.Combine(folder, "cluster"), Path.Combine(folder, "artifacts"), 3);
        settings["ClickHouse:MaxAttempts"] = "2";
        settings["ClickHouse:BaseDelay"] = "00:00:00.1";
        await using var session = await JobSession.OpenAsync(MevConfiguration.Build(settings));
        var day = ClusterPair.Day;
        await HistoryLoader.LoadAsync(session.Store.Db, new MevAnalytics.Simulation.SimulationOptions
        {
            Days = 0.05,
            SendsPerSecond = day.SendsPerSecond,
            Seed = day.Seed,
            End = day.End,
            ProbeInterval = day.ProbeInterval,
            Leaders = day.Leaders,
        }, ClusterPair.End);

        var third = Path.Combine(folder, "cluster", "shard-3");
        using var endpoint = JsonDocument.Parse(File.ReadAllText(Path.Combine(third, "engine.json")));
        var pid = endpoint.RootElement.GetProperty("Pid").GetInt32();
        var tcp = session.Store.Cluster!.Ports[2].Tcp;
        var killed = false;
        var context = session.Context("test", utcNow: ClusterPair.End, progress: fraction =>
            {
                // The run has started (its first progress report): now the shard goes away.
                if (killed) return;
                killed = true;
                using var host = Process.GetProcessById(pid);
                host.Kill();
                host.WaitForExit();
            });
        var outcome = await JobRunner.RunAsync(JobCatalog.Get("calibrate"), context, CancellationToken.None);

        Assert.True(killed);
        Assert.Equal(JobStatus.Failed, outcome.Status);
        Assert.Contains($"127.0.0.1:{tcp}", outcome.Summary);
        Assert.False(Directory.Exists(Path.Combine(context.Artifacts.LutRoot, "calibration")) &&
                     File.Exists(Path.Combine(context.Artifacts.LutRoot, "calibration", "current")));
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Migrate_with_a_node_down_names_it_applies_nothing_and_reports_each_node_version()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mev-migrate-down-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = ClusterPair.Settings(Path.Combine(folder, "cluster"), Path.Combine(folder, "artifacts"), 3);
        settings["ClickHouse:MaxAttempts"] = "1";
        await using var session =
            await JobSession.OpenAsync(MevConfiguration.Build(settings)); // migrated: every node at v6
        var tcp = session.Store.Cluster!.Ports[1].Tcp;
        using (var endpoint =
            JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "cluster", "shard-2", "engine.json"))))
        using (var host = Process.GetProcessById(endpoint.RootElement.GetProperty("Pid").GetInt32()))
        {
            host.Kill();
            host.WaitForExit();
        }
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => session.Store.MigrateAsync());
        Assert.Contains($"127.0.0.1:{tcp} of cluster 'mev' is unreachable; nothing was applied", e.Message);
        Assert.Matches(@"127\.0\.0\.1:\d+ v\d+, 127\.0\.0\.1:\d+ unreachable, 127\.0\.0\.1:\d+ v\d+", e.Message);
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
