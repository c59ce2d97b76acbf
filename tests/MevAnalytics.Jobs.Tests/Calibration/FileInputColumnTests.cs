using MevAnalytics.Jobs.Calibration;

namespace MevAnalytics.Jobs.Tests.Calibration;

/// <summary>An offline input in scikit-learn's shape (<c>y_prob,y_true</c>) or with columns the user names is read
/// as p_land rows, not refused for a missing <c>x</c>.</summary>
public sealed class FileInputColumnTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mev-in-" + Guid.NewGuid().ToString("N")[..8]);

    private string Write(string header)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N")[..6] + ".csv");
        var rng = new Random(5);
        File.WriteAllLines(path, new[] { header }.Concat(Enumerable.Range(0, 400).Select(_ =>
        {
            var s = rng.NextDouble();
            return FormattableString.Invariant($"{s:R},{(rng.NextDouble() < s ? 1 : 0)}");
        })));
        return path;
    }

    [Theory]
    [InlineData("y_prob,y_true", null, null)]
    [InlineData("p_land_est,landed", null, null)]
    [InlineData("pred,outcome", "pred", "outcome")]
    public async Task Score_and_label_columns_are_found_by_their_usual_names_or_the_ones_given(string header,
        string? score, string? label)
    {
        var options = new CalibrationOptions { InputScoreColumn = score, InputLabelColumn = label };
        var data = await FileCalibrationReader.ReadAsync(Write(header), options, CancellationToken.None);
        Assert.Equal(400, data.PLand!.Count);
        Assert.Null(data.Ev);
    }

    [Fact]
    public async Task A_named_column_the_file_lacks_is_an_error_naming_it()
    {
        var options = new CalibrationOptions { InputScoreColumn = "nosuch" };
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            FileCalibrationReader.ReadAsync(Write("y_prob,y_true"), options, CancellationToken.None));
        Assert.Contains("has no column 'nosuch'", e.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
