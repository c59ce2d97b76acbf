using System.Diagnostics;
using MevAnalytics.Integration.Tests.Engine;
using MevAnalytics.Integration.Tests.Support;

namespace MevAnalytics.Integration.Tests.Cli;

/// <summary>
/// A local user who can write to the artifacts folder plants a table's <c>current</c> pointer: a link to /dev/zero,
/// a link to a file holding a secret, a FIFO, a huge file. Every <c>lut</c> command on the table and the job that
/// publishes it, run as real <c>mev</c> processes, exit non-zero within 5 s, stay under 300 MB of memory, and never
/// print the planted file's content.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class HostileArtifactTests(EngineFixture engine) : IDisposable
{
    private const string Marker = "planted-secret-7f3a9c";
    private readonly string _root =
        Path.Combine(Path.GetTempPath(), "mev-hostile-" + Guid.NewGuid().ToString("N")[..8]);

    public static TheoryData<string> Plants() => ["link-to-dev-zero", "link-to-secret", "fifo", "oversized"];

    [Theory]
    [MemberData(nameof(Plants))]
    public async Task A_planted_current_pointer_fails_every_command_at_once_without_leaking(string plant)
    {
        var artifacts = Path.Combine(_root, plant, "artifacts");
        var pointer = Path.Combine(artifacts, "luts", "bandit", "current");
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        var secret = Path.Combine(_root, plant, "secret.txt");
        File.WriteAllText(secret, Marker + "\n");
        switch (plant)
        {
            case "link-to-dev-zero": File.CreateSymbolicLink(pointer, "/dev/zero"); break;
            case "link-to-secret": File.CreateSymbolicLink(pointer, secret); break;
            case "fifo":
                using (var mk = Process.Start("mkfifo", pointer)) await mk.WaitForExitAsync();
                break;
            default:
                await File.WriteAllTextAsync(pointer, string.Concat(Enumerable.Repeat(Marker, 200_000)));
                break;
        }
        var env = engine.MevEnvironment(artifacts);
        string[][] commands =
        [
            ["lut", "verify", "--table", "bandit"],
            ["lut", "inspect", "--table", "bandit"],
            ["lut", "list"],
            ["lut", "lookup", "--table", "bandit", "--route", "jito-ny", "--arm", "0"],
            ["run", "bandit"],
        ];
        foreach (var args in commands)
        {
            var clock = Stopwatch.StartNew();
            var (result, peakRss) = await MevProcess.RunMeasuredAsync(env, TimeSpan.FromSeconds(60), args);
            var what = $"{plant}: mev {string.Join(' ', args)}";
            Assert.True(result.Exit != 0, $"{what} exited 0: {result.Output}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{what} took {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(peakRss < 300L << 20, $"{what} peaked at {peakRss >> 20} MB");
            Assert.DoesNotContain(Marker, result.Output);
            Assert.Contains(pointer, result.Output); // the error names the file
            Assert.DoesNotContain("   at ", result.Output);
        }
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("device")]
    public async Task An_input_that_is_not_a_regular_file_is_refused_at_once(string kind)
    {
        Directory.CreateDirectory(_root);
        var input = Path.Combine(_root, "input.csv");
        if (kind == "fifo")
        {
            using var mk = Process.Start("mkfifo", input);
            await mk.WaitForExitAsync();
        }
        else
        {
            File.CreateSymbolicLink(input, "/dev/zero"); // a link the user made is followed, to a device
        }
        var clock = Stopwatch.StartNew();
        var (result, peakRss) = await MevProcess.RunMeasuredAsync(engine.MevEnvironment(Path.Combine(_root, "a")),
            TimeSpan.FromSeconds(60), "calibrate", "--input", input);
        Assert.True(result.Exit == 1, result.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(peakRss < 300L << 20, $"peaked at {peakRss >> 20} MB");
        Assert.Contains($"error: calibrate: failed: input '{input}' is", result.Output);
        Assert.Contains("not a regular file", result.Output);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
