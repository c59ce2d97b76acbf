using System.Security.Cryptography;
using System.Text.Json;

namespace MevAnalytics.Lut.Tests;

public sealed class LutPublisherTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"lut-pub-{Guid.NewGuid():N}");
    private static readonly LutPublishMetadata Meta =
        new("tests", new Dictionary<string, double> { ["logloss"] = 0.25 });

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private LutPublisher Publisher(int keep = 10, Action<LutPublishStage>? hook = null) =>
        new(new LutPublisherOptions { ArtifactRoot = _root, Keep = keep }, hook);

    // The mixed sample's jito/ny curve spans scores [-1, 1], which the gate refuses for a probability: publish it on
    // [0, 1].
    private static LutContent Content(long created) => SampleLuts.Mixed() with
    {
        Header = SampleLuts.Header() with { CreatedAtUnixMs = created },
        Calibration = [.. SampleLuts.Mixed().Calibration.Select(c => c.Key == "jito/ny"
            ? c with { Knots = [new(0, 0.05), new(1, 0.95)] } : c)],
    };

    private string CurrentPointer(string table) => File.ReadAllText(Path.Combine(_root, table, "current")).Trim();

    [Fact]
    public void Publish_writes_file_manifest_and_current()
    {
        var result = Publisher().Publish("cal", Content(1), Meta, LutGateChecks.Standard(100));
        Assert.True(result.Published, string.Join("; ", result.FailedChecks));
        Assert.Equal(1, result.Version);
        Assert.Equal("cal-000001.lut", CurrentPointer("cal"));

        var bytes = File.ReadAllBytes(result.FilePath!);
        Assert.Equal(LutWriter.Write(Content(1)), bytes);
        using var doc =
            JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_root, "cal", "cal-000001.manifest.json")));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)),
            doc.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(0.25, doc.RootElement.GetProperty("metrics").GetProperty("logloss").GetDouble());
        Assert.Equal("tests", doc.RootElement.GetProperty("producer").GetString());

        using var current = Publisher().OpenCurrent("cal");
        Assert.NotNull(current);
        Assert.Equal(1, current!.Header.CreatedAtUnixMs);
    }

    [Fact]
    public void Failed_check_publishes_nothing_and_names_the_check()
    {
        var publisher = Publisher();
        Assert.True(publisher.Publish("cal", Content(1), Meta, []).Published);
        var result = publisher.Publish("cal", Content(2), Meta, LutGateChecks.Standard(1_000_000));
        Assert.False(result.Published);
        var failure = Assert.Single(result.FailedChecks);
        Assert.Equal("min-rows", failure.Name);
        Assert.Contains("12345", failure.Reason);
        Assert.Equal("cal-000001.lut", CurrentPointer("cal"));
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "cal"), "*.lut"));
    }

    [Fact]
    public void Standard_checks_catch_nan_range_and_monotonicity()
    {
        var nan = Content(1) with { Arms = [SampleLuts.Mixed().Arms[0] with { PayoffMean = double.NaN }] };
        var range = Content(1) with { Latency = [SampleLuts.Mixed().Latency[0] with { ErrorRate = 1.5 }] };
        var decreasing = Content(1) with
        {
            Calibration = [SampleLuts.Linear("*") with { Knots = [new(0, 0.9), new(1, 0.1)] }],
        };
        var failures = new[] { nan, range, decreasing }
            .Select(c => Publisher().Publish("t", c, Meta, LutGateChecks.Standard(0)))
            .Select(r => string.Join(",", r.FailedChecks.Select(f => f.Name)))
            .ToArray();
        Assert.Equal(["finite", "probability-range", "monotone"], failures);
        Assert.False(Directory.Exists(Path.Combine(_root, "t")) && File.Exists(Path.Combine(_root, "t", "current")));
    }

    [Theory]
    [InlineData(0, 1e300)] // one score of 1e300 in the input: the curve's range would leave the probabilities
    [InlineData(-0.5, 1)]
    public void A_probability_curve_whose_score_grid_leaves_0_1_is_refused(double xMin, double xMax)
    {
        var stretched = Content(1) with
        {
            Calibration = [SampleLuts.Linear("*") with { Knots = [new(xMin, 0.1), new(xMax, 0.2)] }],
        };
        var result = Publisher().Publish("stretched", stretched, Meta, LutGateChecks.Standard(0));
        var failure = Assert.Single(result.FailedChecks);
        Assert.Equal("probability-range", failure.Name);
        Assert.Contains("score grid", failure.Reason);
    }

    [Fact]
    public void The_probability_range_applies_only_to_the_segments_selected_as_probabilities()
    {
        // An EV curve in SOL (values above 1) next to a probability curve.
        var content = Content(1) with
        {
            Calibration =
            [
                SampleLuts.Linear("*"),
                SampleLuts.Linear("ev:*") with { Knots = [new(0, 0.5), new(1, 2.5)] },
            ],
        };
        var everything = Publisher().Publish("all", content, Meta, LutGateChecks.Standard(0));
        Assert.Equal("probability-range", Assert.Single(everything.FailedChecks).Name);
        Assert.Contains("ev:*", everything.FailedChecks[0].Reason);
        var probabilitiesOnly = Publisher().Publish("p", content, Meta,
            LutGateChecks.Standard(0, key => !key.StartsWith("ev:", StringComparison.Ordinal)));
        Assert.True(probabilitiesOnly.Published);
    }

    [Fact]
    public void Not_worse_check_sees_the_current_table()
    {
        var publisher = Publisher();
        var seen = new List<long>();
        var check = new NotWorseThanCurrentCheck("holdout", (candidate, current) =>
        {
            seen.Add(current.Header.CreatedAtUnixMs);
            return candidate.Header.CreatedAtUnixMs > current.Header.CreatedAtUnixMs
                ? LutCheckResult.Pass()
                : LutCheckResult.Fail("older");
        });
        // no current: passes without calling
        Assert.True(publisher.Publish("cal", Content(5), Meta, [check]).Published);
        Assert.False(publisher.Publish("cal", Content(3), Meta, [check]).Published);
        Assert.True(publisher.Publish("cal", Content(9), Meta, [check]).Published);
        Assert.Equal([5L, 5L], seen);
        Assert.Equal(2, publisher.Current("cal")!.Version);
    }

    [Fact]
    public void Keeps_the_last_n_versions_and_rolls_back()
    {
        var publisher = Publisher(keep: 3);
        for (int i = 1; i <= 5; i++) Assert.True(publisher.Publish("cal", Content(i), Meta, []).Published);
        Assert.Equal([3, 4, 5], publisher.Versions("cal").Select(v => v.Version));

        var back = publisher.Rollback("cal", 3);
        Assert.Equal("cal-000003.lut", CurrentPointer("cal"));
        using (var file = publisher.OpenCurrent("cal")) Assert.Equal(3, file!.Header.CreatedAtUnixMs);
        Assert.Equal(3, back.Version);

        // the rolled-back current survives pruning even though it is older than the kept window
        for (int i = 6; i <= 8; i++) Assert.True(publisher.Publish("cal", Content(i), Meta, []).Published);
        Publisher(keep: 1).Rollback("cal", 8);
        Assert.Throws<FileNotFoundException>(() => publisher.Rollback("cal", 1));
    }

    [Fact]
    public void Rollback_refuses_a_tampered_version()
    {
        var publisher = Publisher();
        publisher.Publish("cal", Content(1), Meta, []);
        publisher.Publish("cal", Content(2), Meta, []);
        var path = Path.Combine(_root, "cal", "cal-000001.lut");
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<LutFormatException>(() => publisher.Rollback("cal", 1));
        Assert.Equal("cal-000002.lut", CurrentPointer("cal"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("/etc")]
    [InlineData(".hidden")]
    public void Table_names_cannot_escape_the_root(string table)
    {
        Assert.Throws<ArgumentException>(() => Publisher().Publish(table, Content(1), Meta, []));
        Assert.False(Directory.Exists(Path.Combine(_root, "..", "escape")));
    }

    [Fact]
    public void Options_are_validated_by_name()
    {
        Assert.Contains("Keep", Assert.Throws<ArgumentException>(() =>
            new LutPublisherOptions { ArtifactRoot = "x", Keep = 0 }.Validate()).Message);
        Assert.Contains("ArtifactRoot",
            Assert.Throws<ArgumentException>(() => new LutPublisherOptions().Validate()).Message);
    }

    private sealed class SimulatedCrash : Exception;

    [Theory]
    [InlineData(LutPublishStage.TableTempWritten, 1)]
    [InlineData(LutPublishStage.TableRenamed, 1)]
    [InlineData(LutPublishStage.ManifestWritten, 1)]
    [InlineData(LutPublishStage.CurrentTempWritten, 1)]
    [InlineData(LutPublishStage.CurrentUpdated, 2)]
    public void Crash_at_any_stage_leaves_a_valid_current(LutPublishStage crashAt, int expectedCurrent)
    {
        Assert.True(Publisher().Publish("cal", Content(1), Meta, []).Published);
        var crashing = Publisher(keep: 1, hook: stage => { if (stage == crashAt) throw new SimulatedCrash(); });
        Assert.Throws<SimulatedCrash>(() => crashing.Publish("cal", Content(2), Meta, []));

        // what `lut verify` does on current: resolve the pointer, map, validate
        var publisher = Publisher();
        var current = publisher.Current("cal")!;
        Assert.Equal(expectedCurrent, current.Version);
        using (var file = LutFile.Open(current.FilePath)) Assert.Equal(expectedCurrent, file.Header.CreatedAtUnixMs);

        // the next publish recovers: stale temp files are removed and versions keep increasing
        var next = publisher.Publish("cal", Content(3), Meta, []);
        Assert.True(next.Published);
        Assert.True(next.Version > current.Version);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "cal"), "*.tmp"));
    }
}
