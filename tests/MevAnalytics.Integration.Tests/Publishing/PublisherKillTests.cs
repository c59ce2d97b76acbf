using System.Globalization;
using MevAnalytics.Integration.Tests.Engine;
using MevAnalytics.Lut;

namespace MevAnalytics.Integration.Tests.Publishing;

/// <summary>
/// A real `mev calibrate` process is killed (SIGKILL) in the middle of publishing; the previously published table must
/// stay current and valid (`mev lut verify` green), and the next publish must succeed.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class PublisherKillTests(EngineFixture engine)
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mev-kill-" + Guid.NewGuid().ToString("N")[..8]);

    private async Task<(int Exit, string Output)> MevAsync(string? killAt, params string[] args)
    {
        var env = new Dictionary<string, string>
        {
            ["MEV_EmbeddedEngine__DataDirectory"] = engine.DataDirectory, // attach, do not start another
            ["MEV_Artifacts__Root"] = _root,
        };
        var result = killAt is null
            ? await Support.MevProcess.RunAsync(env, TimeSpan.FromMinutes(2), args)
            : await Support.MevProcess.DrillAsync(env, ["--kill-at", killAt, .. args.Skip(1)]);
        return (result.Exit, result.Output);
    }

    private string CurrentFile()
    {
        var dir = Path.Combine(_root, "luts", "calibration");
        return Path.Combine(dir, File.ReadAllText(Path.Combine(dir, "current")).Trim());
    }

    private string WriteInput()
    {
        var rng = new Random(5);
        var lines = new List<string> { "score,label" };
        for (var i = 0; i < 20_000; i++)
        {
            var s = rng.NextDouble();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{s:R},{(rng.NextDouble() < s * s ? 1 : 0)}"));
        }
        var path = Path.Combine(_root, "input.csv");
        Directory.CreateDirectory(_root);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Theory]
    [InlineData("TableTempWritten")]
    [InlineData("TableRenamed")]
    [InlineData("ManifestWritten")]
    [InlineData("CurrentTempWritten")]
    public async Task A_publisher_killed_mid_publish_leaves_the_previous_table_current_and_valid(string stage)
    {
        var input = WriteInput();
        var first = await MevAsync(null, "calibrate", "--input", input, "--segments", "");
        Assert.True(first.Exit == 0, first.Output);
        var before = CurrentFile();

        var killed = await MevAsync(stage, "calibrate", "--input", input, "--segments", "");
        Assert.Equal(137, killed.Exit); // 128 + SIGKILL: the process really died mid-publish

        Assert.Equal(before, CurrentFile());
        using (var current = LutFile.Open(CurrentFile())) Assert.True(current.Reader.SegmentCount > 0);
        var verify = await MevAsync(null, "lut", "verify", CurrentFile());
        Assert.True(verify.Exit == 0, verify.Output);

        var next = await MevAsync(null, "calibrate", "--input", input, "--segments", "");
        Assert.True(next.Exit == 0, next.Output);
        Assert.NotEqual(before, CurrentFile());
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(CurrentFile())!, "*.tmp*"));
    }
}
