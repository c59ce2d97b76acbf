using System.Text.RegularExpressions;
using MevAnalytics.Integration.Tests.Support;

namespace MevAnalytics.Integration.Tests.Engine;

/// <summary>
/// The documented crontab starts several jobs in the same minute, each a separate <c>mev run</c> process on the same
/// embedded engine folder. None may lose the engine to another's exit, and together they start exactly one engine.
/// </summary>
public sealed partial class ConcurrentRunsTests
{
    private const int Rounds = 20;
    private static readonly string[] Jobs = ["calibrate", "bandit", "latency", "phase"];

    [GeneratedRegex("started the embedded ClickHouse engine")]
    private static partial Regex EngineStarted();

    [Fact]
    public async Task Twenty_rounds_of_four_jobs_started_together_all_finish_on_one_engine_per_round()
    {
        var root = Path.Combine(Path.GetTempPath(), "mev-cron-" + Guid.NewGuid().ToString("N")[..8]);
        var env = new Dictionary<string, string>
        {
            ["MEV_EmbeddedEngine__DataDirectory"] = Path.Combine(root, "clickhouse"),
            ["MEV_Artifacts__Root"] = Path.Combine(root, "artifacts"),
            ["MEV_Artifacts__Keep"] = "2",
        };
        var sim = await MevProcess.RunAsync(env, null, "simulate", "--days", "0.05", "--sends-per-second", "20",
            "--seed", "3");
        Assert.True(sim.Exit == 0, sim.Output);

        var failures = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var processes = Jobs.Select(j => MevProcess.Start(env, "run", j)).ToArray();
            var results = await Task.WhenAll(processes.Select(p => MevProcess.WaitAsync(p, TimeSpan.FromMinutes(3))));
            foreach (var p in processes) p.Dispose();
            for (var i = 0; i < Jobs.Length; i++)
                if (results[i].Exit is not (0 or 2))
                    failures.Add($"round {round} {Jobs[i]} exit {results[i].Exit}: {results[i].Output}");
            var starts = results.Sum(r => EngineStarted().Matches(r.Output).Count);
            if (starts != 1)
                failures.Add($"round {round}: {starts} engine starts for {Jobs.Length} runs started together");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The last run out stopped the engine: nothing is left listening or holding the folder.
        Assert.False(File.Exists(Path.Combine(root, "clickhouse", "engine.json")));
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_duplicate_run_is_refused_before_any_engine_and_a_lock_that_cannot_be_made_says_why()
    {
        var root = Path.Combine(Path.GetTempPath(), "mev-dup-" + Guid.NewGuid().ToString("N")[..8]);
        var engine = Path.Combine(root, "clickhouse");
        var env = new Dictionary<string, string>
        {
            ["MEV_EmbeddedEngine__DataDirectory"] = engine,
            ["MEV_Artifacts__Root"] = Path.Combine(root, "artifacts"),
        };
        var lockPath = Path.Combine(root, "artifacts", "locks", "calibrate.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        // Held as another run holds it: an exclusively opened lock file.
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var refused = await MevProcess.RunAsync(env, TimeSpan.FromMinutes(1), "run", "calibrate");
            Assert.Equal(1, refused.Exit);
            Assert.Contains($"error: calibrate: failed: job calibrate is already running (lock {lockPath} is held)",
                refused.Output);
            Assert.DoesNotContain("engine", refused.Output);
            Assert.False(Directory.Exists(engine), "the refused run touched the engine folder");
        }

        // Not another run: the locks folder cannot be made (a file stands in its place).
        Directory.Delete(Path.Combine(root, "artifacts", "locks"), recursive: true);
        await File.WriteAllTextAsync(Path.Combine(root, "artifacts", "locks"), "");
        var blocked = await MevProcess.RunAsync(env, TimeSpan.FromMinutes(1), "run", "calibrate");
        Assert.Equal(1, blocked.Exit);
        Assert.Contains($"error: job calibrate cannot take its lock {lockPath}:", blocked.Output);
        Assert.DoesNotContain("already running", blocked.Output);
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}
