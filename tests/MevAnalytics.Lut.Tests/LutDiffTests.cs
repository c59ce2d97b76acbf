namespace MevAnalytics.Lut.Tests;

public class LutDiffTests
{
    [Fact]
    public void Max_difference_of_shifted_lines_is_the_shift()
    {
        static byte[] Table(double offset, params string[] extra) => LutWriter.Write(new LutContent(SampleLuts.Header())
        {
            Calibration =
            [
                new("*", null, 1, [new(0, 0.25 + offset), new(1, 0.75 + offset)]),
                .. extra.Select(k => SampleLuts.Linear(k)),
            ],
        });
        var a = Table(0, "only-a");
        var b = Table(0.125);
        var diff = LutDiff.Calibration(LutReader.Open(a), LutReader.Open(b));
        Assert.Equal(["*", "only-a"], diff.Select(d => d.Segment));
        Assert.Equal(0.125, diff[0].MaxAbsDifference!.Value, 6);
        Assert.True(diff[1] is { InA: true, InB: false });
        // only-a is y = x in A; in B the key falls back to "*" (0.375 + 0.5x): max |x - 0.375 - 0.5x| on [0,1] is
        // 0.375 at x = 0
        Assert.Equal(0.375, diff[1].MaxAbsDifference!.Value, 6);
    }

    [Fact]
    public void Rows_of_every_kind_are_compared_by_key_naming_the_field_that_moved_most()
    {
        var a = SampleLuts.Mixed();
        var b = SampleLuts.Mixed() with
        {
            Arms = [.. a.Arms.Select(x => x.Route == "bloxroute" ? x with { Alpha = 4 } : x).Skip(1)],
            Latency = [a.Latency[0] with { P99Ms = 95 }, a.Latency[1]],
        };
        var diff = LutRowDiff.Of(LutReader.Open(LutWriter.Write(a)), LutReader.Open(LutWriter.Write(b)));
        var bloxroute = diff.Single(d => d.Key == "bloxroute/0");
        Assert.Equal(("arm", "alpha", 3.0), (bloxroute.Section, bloxroute.Field, bloxroute.MaxAbsDifference));
        Assert.True(diff.Single(d => d.Key == "jito/0") is { InA: true, InB: false });
        var ny = diff.Single(d => d.Key == "jito/ny.mainnet");
        Assert.Equal(("latency", "p99_ms", 15.0), (ny.Section, ny.Field, ny.MaxAbsDifference));
        Assert.Equal(0.0, diff.Single(d => d.Key == "LeaderA").MaxAbsDifference);
    }
}
