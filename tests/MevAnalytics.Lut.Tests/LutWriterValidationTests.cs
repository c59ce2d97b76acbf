namespace MevAnalytics.Lut.Tests;

public class LutWriterValidationTests
{
    private static ArgumentException Rejects(LutContent content) =>
        Assert.ThrowsAny<ArgumentException>(() => LutWriter.Write(content));

    [Fact]
    public void Duplicate_segment_is_named()
    {
        var e = Rejects(new LutContent(SampleLuts.Header())
        {
            Calibration = [SampleLuts.Linear("a"), SampleLuts.Linear("a")],
        });
        Assert.Contains("'a' appears twice", e.Message);
    }

    [Fact]
    public void Unknown_parent_and_cycles_are_rejected()
    {
        Assert.Contains("parent 'zzz'", Rejects(new LutContent(SampleLuts.Header())
        {
            Calibration = [SampleLuts.Linear("a", "zzz")],
        }).Message);
        Assert.Contains("cycle", Rejects(new LutContent(SampleLuts.Header())
        {
            Calibration =
            [
                SampleLuts.Linear("a", "b") with { Knots = [] },
                SampleLuts.Linear("b", "a") with { Knots = [] },
            ],
        }).Message);
    }

    [Fact]
    public void A_single_knot_a_curve_without_range_and_unsorted_knots_are_rejected()
    {
        Assert.Contains("one knot", Rejects(new LutContent(SampleLuts.Header())
        {
            Calibration = [SampleLuts.Linear("a") with { Knots = [new(0, 0.5)] }],
        }).Message);
        Assert.Contains("XMin < XMax", Rejects(new LutContent(SampleLuts.Header())
        {
            Calibration = [SampleLuts.Linear("a") with { Knots = [new(0.5, 0.1), new(0.5, 0.2)] }],
        }).Message);
        Assert.Contains("knot 1", Rejects(new LutContent(SampleLuts.Header())
        {
            Calibration = [SampleLuts.Linear("a") with { Knots = [new(1, 0), new(0, 1)] }],
        }).Message);
    }

    [Fact]
    public void Empty_and_too_long_keys_are_rejected()
    {
        Assert.Contains("ProducerJob", Rejects(new LutContent(SampleLuts.Header() with { ProducerJob = "" })).Message);
        Assert.Contains("1024", Rejects(new LutContent(SampleLuts.Header())
        {
            Calibration = [SampleLuts.Linear(new string('k', 1025))],
        }).Message);
    }

    [Fact]
    public void Duplicate_arm_and_window_order_are_rejected()
    {
        var arm = SampleLuts.Mixed().Arms[0];
        Assert.Contains("appears twice",
            Rejects(new LutContent(SampleLuts.Header()) { Arms = [arm, arm] }).Message);
        Assert.Contains("WindowToUnixMs",
            Rejects(new LutContent(SampleLuts.Header() with { WindowToUnixMs = 0 })).Message);
    }
}
