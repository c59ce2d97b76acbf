using MevAnalytics.Cli;
using MevAnalytics.Jobs.Calibration;

namespace MevAnalytics.Jobs.Tests.Calibration;

/// <summary>`mev calibrate` argument parsing: bad values fail naming the option; durations parse as people type
/// them.</summary>
public sealed class CalibrateArgumentTests
{
    [Fact]
    public void Unknown_mode_is_a_parse_error_naming_the_value()
    {
        var parse = MevCli.Build().Parse(["calibrate", "--mode", "bogus"]);
        Assert.Contains(parse.Errors, e => e.Message.Contains("bogus"));
    }

    [Theory]
    [InlineData("7d", 7 * 24 * 3600)]
    [InlineData("24h", 24 * 3600)]
    [InlineData("90m", 90 * 60)]
    [InlineData("1.12:00:00", 36 * 3600)]
    public void Durations_parse(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text, "--window"));

    [Theory]
    [InlineData("0d")]
    [InlineData("-1h")]
    [InlineData("soon")]
    public void Bad_durations_name_the_option(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => DurationText.Parse(text, "--half-life"));
        Assert.Contains("--half-life", e.Message);
    }

    [Fact]
    public void Options_validation_names_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => new CalibrationOptions { Segments = "arm" }.Validate());
        Assert.Contains("Segments", e.Message);
        e = Assert.Throws<ArgumentException>(() => new CalibrationOptions { HoldoutFraction = 1 }.Validate());
        Assert.Contains("HoldoutFraction", e.Message);
    }
}
