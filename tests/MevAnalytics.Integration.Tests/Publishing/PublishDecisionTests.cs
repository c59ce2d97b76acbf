using System.Diagnostics;
using System.Text.Json;
using MevAnalytics.Data.Connection;
using MevAnalytics.Integration.Tests.Engine;
using MevAnalytics.Integration.Tests.Support;
using MevAnalytics.Lut;

namespace MevAnalytics.Integration.Tests.Publishing;

/// <summary>
/// Publishing is one decision: a real <c>mev run calibrate</c> whose disk fills (a real tmpfs, and an injected write
/// failure at every stage) or that is killed at any point leaves exit status, <c>job_runs</c> and <c>current</c> in
/// agreement, with every file of the current version whole beside it and nothing of a failed version left behind.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class PublishDecisionTests(EngineFixture engine) : IDisposable
{
    private static readonly string[] VersionSuffixes = [".lut", ".manifest.json", ".summary.json", ".snapshot.parquet"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mev-pub-" + Guid.NewGuid().ToString("N")[..8]);

    private Dictionary<string, string> Env(string? root = null, params (string Key, string Value)[] extra) =>
        engine.MevEnvironment(root ?? _root, extra);

    private async Task<MevProcess.Result> CalibrateAsync(Dictionary<string, string> env)
    {
        await engine.HistoryAsync();
        return await MevProcess.RunAsync(env, null, "run", "calibrate");
    }

    private static string TableDir(string root) => Path.Combine(root, "luts", "calibration");

    private static string? Current(string root) =>
        File.Exists(Path.Combine(TableDir(root), "current"))
            ? File.ReadAllText(Path.Combine(TableDir(root), "current")).Trim()
            : null;

    /// <summary>The table folder holds `current` and, per version, exactly its four files; returns the
    /// versions.</summary>
    private static IReadOnlyList<string> AssertWholeVersions(string root)
    {
        var files = Directory.GetFiles(TableDir(root)).Select(f => Path.GetFileName(f)).ToList();
        var stems = files.Where(f => f.EndsWith(".lut", StringComparison.Ordinal))
            .Select(f => f[..^4]).Order().ToList();
        var expected = stems.SelectMany(s => VersionSuffixes.Select(x => s + x)).Append("current").Order().ToList();
        Assert.Equal(expected, files.Order().ToList());
        using (var current = LutFile.Open(Path.Combine(TableDir(root), Current(root)!)))
            Assert.True(current.Reader.SegmentCount > 0);
        return stems;
    }

    private async Task<List<(Guid Id, string Status, string Trigger, string Version)>> RunsAsync(DateTime since) =>
        await engine.Db.QueryAsync("""
            SELECT run_id, status, trigger, lut_version FROM job_runs
            WHERE job = 'calibrate' AND started_at >= {since:DateTime64(3, 'UTC')} ORDER BY started_at
            """, new QueryParameters().Add("since", since),
            r => (r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3)));

    private static string RunIdOfCurrent(string root)
    {
        var stem = Current(root)![..^4];
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TableDir(root), stem + ".manifest.json")));
        return doc.RootElement.GetProperty("runId").GetString()!;
    }

    [Theory]
    [InlineData("TableTempWritten")]
    [InlineData("TableRenamed")]
    [InlineData("CompanionsWritten")]
    [InlineData("ManifestWritten")]
    [InlineData("CurrentTempWritten")]
    public async Task A_write_failure_at_any_stage_fails_the_run_and_publishes_nothing(string stage)
    {
        var since = DateTime.UtcNow.AddSeconds(-1);
        var first = await CalibrateAsync(Env());
        Assert.True(first.Exit == 0, first.Output);
        var before = Current(_root);

        var failed = await MevProcess.DrillAsync(Env(), "--fail-at", stage);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("No space left on device", failed.Output);
        Assert.Equal(before, Current(_root));
        Assert.Single(AssertWholeVersions(_root));
        var runs = await RunsAsync(since);
        Assert.Equal(["published", "failed"], runs.Select(r => r.Status));
    }

    [Theory]
    [InlineData("CompanionsWritten", false)]
    [InlineData("CurrentUpdated", true)]
    public async Task A_run_killed_before_or_after_current_moves_leaves_table_files_and_history_in_agreement(
        string stage, bool moved)
    {
        var since = DateTime.UtcNow.AddSeconds(-1);
        var first = await CalibrateAsync(Env());
        Assert.True(first.Exit == 0, first.Output);
        var before = Current(_root);

        var killed = await MevProcess.DrillAsync(Env(), "--kill-at", stage);
        Assert.Equal(137, killed.Exit);
        Assert.Equal(moved, before != Current(_root));
        if (moved) Assert.Equal(2, AssertWholeVersions(_root).Count); // the new version is whole: companions came first

        // The next run (of any job) records a published version its killed publisher could not record.
        var next = await MevProcess.RunAsync(Env(), null, "run", "latency");
        Assert.True(next.Exit is 0 or 2, next.Output);
        var runs = await RunsAsync(since);
        if (moved)
            Assert.Contains(runs,
                r => r.Id.ToString() == RunIdOfCurrent(_root) && r.Trigger == "recovered" && r.Status == "published");
        else
            Assert.Single(runs); // only the first run: the killed one published nothing and recorded nothing
        var again = await CalibrateAsync(Env());
        Assert.True(again.Exit == 0, again.Output);
        AssertWholeVersions(_root);
    }

    [Fact]
    public async Task Fifteen_runs_with_keep_three_leave_exactly_three_whole_versions()
    {
        for (var i = 0; i < 15; i++)
        {
            var run = await CalibrateAsync(Env(null, ("MEV_Artifacts__Keep", "3")));
            Assert.True(run.Exit is 0 or 2, run.Output);
        }
        Assert.Equal(3, AssertWholeVersions(_root).Count);
        var gated = Path.Combine(_root, "summaries", "calibration");
        if (Directory.Exists(gated))
            Assert.True(Directory.GetFiles(gated)
                .Select(f => Path.GetFileName(f).Split('.')[0]).Distinct().Count() <= 3);
    }

    [RootFact]
    public async Task A_real_full_disk_at_any_point_of_a_publish_never_leaves_a_partial_or_disowned_version()
    {
        var mount = Path.Combine(_root, "tmpfs");
        Directory.CreateDirectory(mount);
        Sh("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount);
        try
        {
            var since = DateTime.UtcNow.AddSeconds(-1);
            var first = await CalibrateAsync(Env(mount));
            Assert.True(first.Exit == 0, first.Output);
            var stem = AssertWholeVersions(mount).Single();
            var sizes = VersionSuffixes.Select(x => new FileInfo(Path.Combine(TableDir(mount), stem + x)).Length)
                .ToArray();
            long versionBytes = sizes.Sum();
            // Free space that runs out inside the table, the summary, the snapshot, the manifest and the pointer.
            var free = new List<long>
            {
                sizes[0] / 2, sizes[0] + sizes[2] / 2, sizes[0] + sizes[2] + sizes[3] / 2, versionBytes - sizes[1] / 2
            };
            var outcomes = new List<int>();
            foreach (var bytes in free)
            {
                var filler = Path.Combine(mount, "filler");
                File.Delete(filler);
                var available = new DriveInfo(mount).AvailableFreeSpace;
                if (available > bytes)
                    Sh("fallocate", "-l",
                        (available - bytes).ToString(System.Globalization.CultureInfo.InvariantCulture), filler);
                var before = Current(mount);
                var run = await CalibrateAsync(Env(mount));
                outcomes.Add(run.Exit);
                Assert.True(run.Exit is 0 or 1, run.Output);
                Assert.Equal(run.Exit == 0, before != Current(mount));
                AssertWholeVersions(mount);
                Assert.Empty(Directory.GetFiles(mount, "*.tmp", SearchOption.AllDirectories));
                File.Delete(filler);
            }
            Assert.Contains(1, outcomes); // the drill really filled the disk
            var runs = await RunsAsync(since);
            Assert.Equal(outcomes.Count(e => e == 0) + 1, runs.Count(r => r.Status == "published"));
            Assert.Equal(outcomes.Count(e => e == 1), runs.Count(r => r.Status == "failed"));
        }
        finally
        {
            Sh("umount", "-l", mount);
        }
    }

    private static void Sh(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {err}");
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
