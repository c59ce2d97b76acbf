using MevAnalytics.Jobs.Calibration;

namespace MevAnalytics.Jobs.Tests.Calibration;

/// <summary>CSV input as RFC 4180 writes it: quoted fields may hold commas and doubled quotes; blank lines are skipped;
/// a row of the wrong width is named by its line.</summary>
public sealed class InputColumnsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mev-csv-" + Guid.NewGuid().ToString("N")[..8]);

    private string Write(string text)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "in.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Quoted_fields_keep_their_commas_and_quotes()
    {
        var path = Write("score,label,\"route\"\n0.25,1,\"jito,ny\"\n\n0.5,0,\"say \"\"hi\"\"\"\n");
        var c = await InputColumns.ReadAsync(path, CancellationToken.None);
        Assert.Equal(2, c.Rows);
        Assert.Equal(["jito,ny", "say \"hi\""], c.Text("route"));
        Assert.Equal([0.25, 0.5], c.Number("score"));
    }

    [Fact]
    public async Task A_row_of_the_wrong_width_is_named_by_its_line()
    {
        var path = Write("score,label\n0.1,1\n0.2,0,extra\n");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => InputColumns.ReadAsync(path, CancellationToken.None));
        Assert.Contains("line 3 has 3 fields, the header has 2", e.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
