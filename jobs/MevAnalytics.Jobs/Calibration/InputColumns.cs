using System.Globalization;
using MevAnalytics.Lut;
using nietras.SeparatedValues;
using Parquet;
using Parquet.Schema;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// The columns of an offline input file (CSV with a header line, or Parquet), by name: numbers as double (a CSV cell
/// that does not parse, or a Parquet null, becomes NaN and is then counted as a bad row), text as string. Timestamps
/// become Unix milliseconds (CSV: a number of ms or an ISO-8601 UTC time; Parquet: a timestamp or an integer of ms).
/// </summary>
public sealed class InputColumns
{
    private readonly Dictionary<string, double[]> _numbers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string[]> _texts = new(StringComparer.OrdinalIgnoreCase);

    private InputColumns(string path, int rows, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Rows = rows;
        Metadata = metadata;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Rows in the file.</summary>
    public int Rows { get; }

    /// <summary>Parquet key-value metadata (empty for CSV).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every column name.</summary>
    public IEnumerable<string> Names => _numbers.Keys.Concat(_texts.Keys).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the file has the column.</summary>
    public bool Has(string name) => _numbers.ContainsKey(name) || _texts.ContainsKey(name);

    /// <summary>A numeric column; a missing one is an error naming the file and the column.</summary>
    public double[] Number(string name)
    {
        if (_numbers.TryGetValue(name, out var v)) return v;
        if (_texts.TryGetValue(name, out var t))
            return _numbers[name] = t.Select(s =>
                    double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN)
                .ToArray();
        throw Missing(name);
    }

    /// <summary>A text column (numbers are formatted invariantly); a missing one is an error naming the file and the
    /// column.</summary>
    public string[] Text(string name)
    {
        if (_texts.TryGetValue(name, out var t)) return t;
        if (_numbers.TryGetValue(name, out var v))
            return _texts[name] = v.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray();
        throw Missing(name);
    }

    /// <summary>An error naming the missing column and those there are.</summary>
    public ArgumentException Missing(string name) =>
        new($"input '{Path}' has no column '{name}' (columns: {string.Join(", ", Names)}).", name);

    /// <summary>Reads a .csv or .parquet file.</summary>
    public static async Task<InputColumns> ReadAsync(string path, CancellationToken ct)
    {
        if (Directory.Exists(path))
            throw new ArgumentException($"input '{path}' is a directory, not a CSV or Parquet file.");
        if (!File.Exists(path)) throw new ArgumentException($"input '{path}' does not exist.");
        await using var stream = OpenRegular(path);
        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? await ReadParquetAsync(path, stream, ct)
            : await ReadCsvAsync(path, stream, ct);
    }

    // A FIFO or device would block the read forever (or never end): only a regular file is read, to the size it had.
    private static FileStream OpenRegular(string path)
    {
        try
        {
            return ArtifactFile.Open(path, long.MaxValue, followLinks: true);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"input '{path}'{e.Message[path.Length..]}.");
        }
    }

    // Sep streams the file (quoted fields with commas, escaped quotes); cells are kept per column, never the whole
    // text.
    private static Task<InputColumns> ReadCsvAsync(string path, Stream stream, CancellationToken ct)
    {
        using var reader = Sep.New(',')
            .Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true })
            .From(stream);
        string[]? header = null;
        List<string>[] cells = [];
        foreach (var row in reader)
        {
            ct.ThrowIfCancellationRequested();
            if (row.ColCount == 1 && row[0].Span.Trim().IsEmpty) continue; // blank line
            if (header is null)
            {
                header = new string[row.ColCount];
                for (int c = 0; c < header.Length; c++) header[c] = row[c].ToString().Trim();
                RequireDistinct(path, header);
                cells = header.Select(_ => new List<string>()).ToArray();
                continue;
            }
            if (row.ColCount != header.Length)
                throw new ArgumentException($"input '{path}' line {row.LineNumberFrom} has {row.ColCount} fields, " +
                                            $"the header has {header.Length}.");
            for (int c = 0; c < header.Length; c++) cells[c].Add(row[c].ToString().Trim());
        }
        if (header is null) throw new ArgumentException($"input '{path}' is empty: it needs a header line.");
        var result = new InputColumns(path, cells.Length == 0 ? 0 : cells[0].Count, new Dictionary<string, string>());
        for (int c = 0; c < header.Length; c++)
        {
            if (header[c].Equals("ts", StringComparison.OrdinalIgnoreCase))
                result._numbers[header[c]] = cells[c].Select(ParseTime).ToArray();
            else
                result._texts[header[c]] = [.. cells[c]];
        }
        return Task.FromResult(result);
    }

    /// <summary>Column names are matched without regard to case, so two that differ only in case are one name twice:
    /// taking either silently could fit the wrong column.</summary>
    private static void RequireDistinct(string path, string[] names)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
                throw new ArgumentException($"input '{path}': column {i + 1} of the header has no name.");
            if (seen.TryGetValue(names[i], out var first))
                throw new ArgumentException(
                    $"input '{path}': the header names column '{names[first]}' twice (columns {first + 1} " +
                    $"and {i + 1}{(names[first] == names[i] ? "" : ", as '" + names[i] + "'; names ignore case")}); " +
                    "rename or remove one.");
            seen[names[i]] = i;
        }
    }

    private static double ParseTime(string s)
    {
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)) return ms;
        return DateTime.TryParse(s, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeMilliseconds() : double.NaN;
    }

    private static async Task<InputColumns> ReadParquetAsync(string path, Stream stream, CancellationToken ct)
    {
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct);
        var fields = reader.Schema.GetDataFields();
        RequireDistinct(path, fields.Select(f => f.Name).ToArray());
        int total = (int)reader.RowGroups.Sum(g => g.RowCount);
        var result = new InputColumns(path, total,
            new Dictionary<string, string>(reader.CustomMetadata ?? new Dictionary<string, string>()));
        foreach (var f in fields)
        {
            if (IsText(f)) result._texts[f.Name] = new string[total];
            else result._numbers[f.Name] = new double[total];
        }
        int offset = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = (int)group.RowCount;
            foreach (var f in fields)
            {
                if (IsText(f))
                {
                    var buffer = new string?[n];
                    await group.ReadAsync(f, buffer.AsMemory(), cancellationToken: ct);
                    for (int i = 0; i < n; i++) result._texts[f.Name][offset + i] = buffer[i] ?? "";
                }
                else
                {
                    await ReadNumbersAsync(group, f, result._numbers[f.Name].AsMemory(offset, n), ct);
                }
            }
            offset += n;
        }
        return result;
    }

    // Parquet.Net 6 reports UTF-8 columns as ReadOnlyMemory<char>; they are read as strings.
    private static bool IsText(DataField f) => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>);

    private static async Task ReadNumbersAsync(ParquetRowGroupReader g, DataField f, Memory<double> into,
        CancellationToken ct)
    {
        var t = f.ClrType;
        if (t == typeof(double)) await Read<double>(g, f, into, v => v, ct);
        else if (t == typeof(float)) await Read<float>(g, f, into, v => v, ct);
        else if (t == typeof(long)) await Read<long>(g, f, into, v => v, ct);
        else if (t == typeof(int)) await Read<int>(g, f, into, v => v, ct);
        else if (t == typeof(short)) await Read<short>(g, f, into, v => v, ct);
        else if (t == typeof(byte)) await Read<byte>(g, f, into, v => v, ct);
        else if (t == typeof(sbyte)) await Read<sbyte>(g, f, into, v => v, ct);
        else if (t == typeof(ulong)) await Read<ulong>(g, f, into, v => v, ct);
        else if (t == typeof(uint)) await Read<uint>(g, f, into, v => v, ct);
        else if (t == typeof(ushort)) await Read<ushort>(g, f, into, v => v, ct);
        else if (t == typeof(bool)) await Read<bool>(g, f, into, v => v ? 1 : 0, ct);
        else if (t == typeof(DateTime))
            await Read<DateTime>(g, f, into,
                v => (DateTime.SpecifyKind(v, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalMilliseconds, ct);
        else
            throw new ArgumentException($"column '{f.Name}' has type {t.Name}, which calibration input does not read.",
                f.Name);
    }

    private static async Task Read<T>(ParquetRowGroupReader g, DataField f, Memory<double> into,
        Func<T, double> convert, CancellationToken ct)
        where T : struct
    {
        int n = into.Length;
        if (f.IsNullable)
        {
            var buffer = new T?[n];
            await g.ReadAsync<T>(f, buffer.AsMemory(), cancellationToken: ct);
            var span = into.Span;
            for (int i = 0; i < n; i++) span[i] = buffer[i] is { } v ? convert(v) : double.NaN;
        }
        else
        {
            var buffer = new T[n];
            await g.ReadAsync<T>(f, buffer.AsMemory(), cancellationToken: ct);
            var span = into.Span;
            for (int i = 0; i < n; i++) span[i] = convert(buffer[i]);
        }
    }
}
