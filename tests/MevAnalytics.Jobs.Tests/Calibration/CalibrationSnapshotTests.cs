using MevAnalytics.Calibration.Samples;
using MevAnalytics.Jobs.Calibration;
using Parquet;
using Parquet.Schema;

namespace MevAnalytics.Jobs.Tests.Calibration;

/// <summary>The snapshot's segment columns: codes with their names in the file metadata, read back into the same
/// segments; snapshots written with text columns (before codes) still read; a code without a name is a bad row named
/// by file, row, column and value.</summary>
public sealed class CalibrationSnapshotTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mev-snap-" + Guid.NewGuid().ToString("N")[..8]);

    private string NewPath()
    {
        Directory.CreateDirectory(_dir);
        return Path.Combine(_dir, Guid.NewGuid().ToString("N")[..8] + ".snapshot.parquet");
    }

    /// <summary>p_land and EV rows whose samples list their names in different orders (the codes differ per
    /// target).</summary>
    private static CalibrationDataSet Data()
    {
        var p = new CalibrationSample(CalibrationTarget.PLand, 4, ["jito", "bloxroute"], ["1", "0"]);
        p.Add(0.1, 0.0, 2, 2, 0, 0, false);
        p.Add(0.2, 0.5, 4, 4, 1, 0, false);
        p.Add(0.3, 1.0, 1, 1, 1, 1, true);
        p.Add(0.4, 0.25, 8, 8, 0, 1, true);
        var ev = new CalibrationSample(CalibrationTarget.Ev, 2, ["bloxroute", "jito", "nextblock"], ["0", "1"]);
        ev.Add(0.001, 0.002, 3, 3, 2, 0, false);
        ev.Add(0.002, -0.001, 5, 5, 1, 1, true);
        return new CalibrationDataSet(p, ev, 1_000, 2_000, 1_800, 6, new BadRowTally("test"), "test", Bucketed: true);
    }

    private static IEnumerable<(string Route, string Arm, double X, bool Holdout)> Rows(CalibrationSample s) =>
        Enumerable.Range(0, s.Count)
            .Select(i => (s.RouteNames[s.Route[i]], s.ArmNames[s.Arm[i]], s.X[i], s.Holdout[i]));

    private async Task<CalibrationDataSet> RoundTrip(CalibrationDataSet data)
    {
        var path = NewPath();
        await using (var file = File.Create(path)) await CalibrationSnapshot.WriteAsync(file, data, default);
        return CalibrationSnapshot.Read(await InputColumns.ReadAsync(path, default), fitEv: true);
    }

    [Fact]
    public async Task Codes_read_back_as_the_segments_they_were_written_from()
    {
        var data = Data();
        var back = await RoundTrip(data);
        Assert.Equal(Rows(data.PLand!), Rows(back.PLand!));
        Assert.Equal(Rows(data.Ev!), Rows(back.Ev!));
        Assert.Equal(data.PLand!.W.AsSpan(0, 4).ToArray(), back.PLand!.W.AsSpan(0, 4).ToArray());
        Assert.Equal(data.Ev!.Y.AsSpan(0, 2).ToArray(), back.Ev!.Y.AsSpan(0, 2).ToArray());
    }

    [Fact]
    public async Task A_snapshot_with_text_segment_columns_still_reads()
    {
        var data = Data();
        var path = NewPath();
        await WriteWithTextColumns(path, data);
        var back = CalibrationSnapshot.Read(await InputColumns.ReadAsync(path, default), fitEv: true);
        Assert.Equal(Rows(data.PLand!), Rows(back.PLand!));
        Assert.Equal(Rows(data.Ev!), Rows(back.Ev!));
    }

    [Fact]
    public async Task A_code_without_a_name_is_a_bad_row_named_by_file_row_column_and_value()
    {
        var path = NewPath();
        await using (var file = File.Create(path)) await CalibrationSnapshot.WriteAsync(file, Data(), default);
        var columns = await InputColumns.ReadAsync(path, default);
        // The same file claiming fewer route names than its codes use: code 1 of p_land's rows has no name.
        var meta = columns.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
        meta[CalibrationSnapshot.RouteNamesKey] = "[\"jito\"]";
        var tampered = NewPath();
        await RewriteMetadata(path, tampered, meta);
        var e = Assert.ThrowsAny<Exception>(() =>
            CalibrationSnapshot.Read(InputColumns.ReadAsync(tampered, default).GetAwaiter().GetResult(), fitEv: true));
        Assert.Contains(Path.GetFileName(tampered), e.Message);
        Assert.Contains("route_code", e.Message);
        Assert.Contains("a code without a name in mev.route_names", e.Message);
        Assert.Contains("row 2", e.Message);
    }

    [Theory]
    [InlineData("[\"jito\", null]")]
    [InlineData("{\"jito\": 0}")]
    [InlineData("not json")]
    public async Task Route_names_that_are_not_an_array_of_names_fail_naming_the_file_and_key(string names)
    {
        var path = NewPath();
        await using (var file = File.Create(path)) await CalibrationSnapshot.WriteAsync(file, Data(), default);
        var meta = (await InputColumns.ReadAsync(path, default)).Metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
        meta[CalibrationSnapshot.RouteNamesKey] = names;
        var tampered = NewPath();
        await RewriteMetadata(path, tampered, meta);
        var columns = await InputColumns.ReadAsync(tampered, default);
        var e = Assert.Throws<ArgumentException>(() => CalibrationSnapshot.Read(columns, fitEv: true));
        Assert.Contains(Path.GetFileName(tampered), e.Message);
        Assert.Contains("metadata 'mev.route_names' is not a JSON array of names", e.Message);
    }

    /// <summary>The snapshot layout before codes: text columns route and arm, one name per row.</summary>
    private static async Task WriteWithTextColumns(string path, CalibrationDataSet data)
    {
        var fields = (Target: new DataField<int>("target"), X: new DataField<double>("x"),
            Y: new DataField<double>("y"), W: new DataField<double>("weight"), N: new DataField<double>("n"),
            Route: new DataField<string>("route"), Arm: new DataField<string>("arm"),
            Holdout: new DataField<bool>("holdout"));
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields.Target, fields.X, fields.Y,
            fields.W, fields.N, fields.Route, fields.Arm, fields.Holdout), file);
        writer.CustomMetadata = new Dictionary<string, string> { [CalibrationSnapshot.BucketedKey] = "true" };
        foreach (var s in new[] { data.PLand!, data.Ev! })
        {
            int n = s.Count;
            using var g = writer.CreateRowGroup();
            await g.WriteAsync<int>(fields.Target, Enumerable.Repeat((int)s.Target, n).ToArray());
            await g.WriteAsync<double>(fields.X, s.X.AsMemory(0, n));
            await g.WriteAsync<double>(fields.Y, s.Y.AsMemory(0, n));
            await g.WriteAsync<double>(fields.W, s.W.AsMemory(0, n));
            await g.WriteAsync<double>(fields.N, s.N.AsMemory(0, n));
            await g.WriteAsync(fields.Route, Enumerable.Range(0, n).Select(i => s.RouteNames[s.Route[i]]).ToArray());
            await g.WriteAsync(fields.Arm, Enumerable.Range(0, n).Select(i => s.ArmNames[s.Arm[i]]).ToArray());
            await g.WriteAsync<bool>(fields.Holdout, s.Holdout.AsMemory(0, n));
        }
    }

    /// <summary>Copies a snapshot's columns into a new file with other metadata.</summary>
    private static async Task RewriteMetadata(string from, string to, Dictionary<string, string> meta)
    {
        await using var input = File.OpenRead(from);
        await using var reader = await ParquetReader.CreateAsync(input);
        var fields = reader.Schema.GetDataFields();
        await using var output = File.Create(to);
        await using var writer = await ParquetWriter.CreateAsync(reader.Schema, output);
        writer.CustomMetadata = meta;
        for (int r = 0; r < reader.RowGroupCount; r++)
        {
            using var source = reader.OpenRowGroupReader(r);
            using var target = writer.CreateRowGroup();
            int rows = (int)source.RowCount;
            foreach (var f in fields)
            {
                if (f.ClrType == typeof(int)) await Copy<int>(f);
                else if (f.ClrType == typeof(double)) await Copy<double>(f);
                else await Copy<bool>(f);
            }

            async Task Copy<T>(DataField f) where T : struct
            {
                var values = new T[rows];
                await source.ReadAsync<T>(f, values);
                await target.WriteAsync<T>(f, values);
            }
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
