using System.Globalization;
using System.Text.Json;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Validation;
using MevAnalytics.Lut;
using Parquet;
using Parquet.Schema;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// The exact rows or buckets a run fitted and evaluated on, as Parquet beside its LUT: columns target (0 p_land, 1 EV),
/// x, y, weight, n, route_code, arm_code, holdout, and in the file metadata the window and the names the codes stand
/// for (JSON arrays <c>mev.route_names</c>, <c>mev.arm_names</c>). <c>mev calibrate --input SNAPSHOT</c> reads these
/// arrays back unchanged, so the fit, and therefore the LUT bytes, are reproduced. Codes rather than a text column
/// per row: a bucketed run writes hundreds of thousands of rows over a few dozen segments, and text columns were
/// two thirds of the encoding time. Snapshots with text columns route and arm (before codes) still read.
/// </summary>
public static class CalibrationSnapshot
{
    /// <summary>File suffix of the snapshot beside its table version.</summary>
    public const string Suffix = "snapshot.parquet";

    /// <summary>Metadata key of the window start (Unix ms).</summary>
    public const string WindowFromKey = "mev.window_from_ms";

    /// <summary>Metadata key of the window end (Unix ms).</summary>
    public const string WindowToKey = "mev.window_to_ms";

    /// <summary>Metadata key of the holdout start (Unix ms), absent for a row split.</summary>
    public const string HoldoutFromKey = "mev.holdout_from_ms";

    /// <summary>Metadata key: "true" when rows are push-down buckets.</summary>
    public const string BucketedKey = "mev.bucketed";

    /// <summary>Metadata key of the rows the original source returned.</summary>
    public const string RowsReadKey = "mev.rows_read";

    /// <summary>Metadata key describing the original source.</summary>
    public const string SourceKey = "mev.source";

    /// <summary>Metadata key: "false" when the original input had no route column.</summary>
    public const string HasRouteKey = "mev.has_route";

    /// <summary>Metadata key: "false" when the original input had no arm column.</summary>
    public const string HasArmKey = "mev.has_arm";

    /// <summary>Metadata key of the route names, a JSON array indexed by route_code.</summary>
    public const string RouteNamesKey = "mev.route_names";

    /// <summary>Metadata key of the tip arm names, a JSON array indexed by arm_code.</summary>
    public const string ArmNamesKey = "mev.arm_names";

    private static readonly DataField<int> Target = new("target");
    private static readonly DataField<double> X = new("x");
    private static readonly DataField<double> Y = new("y");
    private static readonly DataField<double> Weight = new("weight");
    private static readonly DataField<double> N = new("n");
    private static readonly DataField<int> RouteCode = new("route_code");
    private static readonly DataField<int> ArmCode = new("arm_code");
    private static readonly DataField<bool> Holdout = new("holdout");

    /// <summary>True when <paramref name="columns"/> look like a snapshot.</summary>
    public static bool IsSnapshot(InputColumns columns) =>
        columns.Has("target") && columns.Has("n") && columns.Has("holdout");

    /// <summary>The snapshot of <paramref name="data"/> encoded in memory (pure: no file is touched).</summary>
    public static async Task<ReadOnlyMemory<byte>> Encode(CalibrationDataSet data)
    {
        // Sized for the usual 10-15 bytes a row compresses to: the buffer is not regrown and copied as it fills.
        int rows = (data.PLand?.Count ?? 0) + (data.Ev?.Count ?? 0);
        var buffer = new MemoryStream(checked((int)Math.Min(int.MaxValue / 2, 64 * 1024 + 16L * rows)));
        await WriteAsync(buffer, data, CancellationToken.None);
        return buffer.GetBuffer().AsMemory(0, checked((int)buffer.Length));
    }

    /// <summary>The snapshot as a companion of the publication, from its encoding (started before publishing: while
    /// the publisher holds its lock it only copies the bytes).</summary>
    public static LutCompanion Companion(Task<ReadOnlyMemory<byte>> encoded) =>
        new(Suffix, async (stream, _, token) => await stream.WriteAsync(await encoded, token));

    /// <summary>
    /// Writes <paramref name="data"/> as Parquet into <paramref name="stream"/>: one row group per target (p_land,
    /// then EV), its numeric columns straight from the sample's arrays.
    /// </summary>
    public static async Task WriteAsync(Stream stream, CalibrationDataSet data, CancellationToken ct)
    {
        await using var writer = await ParquetWriter.CreateAsync(
            new ParquetSchema(Target, X, Y, Weight, N, RouteCode, ArmCode, Holdout), stream, cancellationToken: ct);
        // One set of codes for the file: each sample's codes mapped onto the names of both (usually the same list).
        var samples = new[] { data.PLand, data.Ev }.OfType<CalibrationSample>().Where(p => p.Count > 0).ToArray();
        var (routes, arms) = (new NameCodes(), new NameCodes());
        var routeMaps = samples.Select(p => p.RouteNames.Select(routes.Code).ToArray()).ToArray();
        var armMaps = samples.Select(p => p.ArmNames.Select(arms.Code).ToArray()).ToArray();
        var meta = new Dictionary<string, string>
        {
            [WindowFromKey] = data.WindowFromUnixMs.ToString(CultureInfo.InvariantCulture),
            [WindowToKey] = data.WindowToUnixMs.ToString(CultureInfo.InvariantCulture),
            [BucketedKey] = data.Bucketed ? "true" : "false",
            [RowsReadKey] = data.RowsRead.ToString(CultureInfo.InvariantCulture),
            [SourceKey] = data.Source,
            [HasRouteKey] = data.HasRoute ? "true" : "false",
            [HasArmKey] = data.HasArm ? "true" : "false",
        };
        if (data.HoldoutFromUnixMs is { } h) meta[HoldoutFromKey] = h.ToString(CultureInfo.InvariantCulture);
        meta[RouteNamesKey] = JsonSerializer.Serialize(routes.Names);
        meta[ArmNamesKey] = JsonSerializer.Serialize(arms.Names);
        writer.CustomMetadata = meta;
        // A target without rows writes no row group (a file without any is a valid, empty table).
        for (int t = 0; t < samples.Length; t++)
        {
            var s = samples[t];
            int n = s.Count;
            var target = new int[n];
            Array.Fill(target, (int)s.Target);
            var (route, arm) = (new int[n], new int[n]);
            for (int i = 0; i < n; i++) (route[i], arm[i]) = (routeMaps[t][s.Route[i]], armMaps[t][s.Arm[i]]);
            using var g = writer.CreateRowGroup();
            await g.WriteAsync<int>(Target, target, cancellationToken: ct);
            await g.WriteAsync<double>(X, s.X.AsMemory(0, n), cancellationToken: ct);
            await g.WriteAsync<double>(Y, s.Y.AsMemory(0, n), cancellationToken: ct);
            await g.WriteAsync<double>(Weight, s.W.AsMemory(0, n), cancellationToken: ct);
            await g.WriteAsync<double>(N, s.N.AsMemory(0, n), cancellationToken: ct);
            await g.WriteAsync<int>(RouteCode, route, cancellationToken: ct);
            await g.WriteAsync<int>(ArmCode, arm, cancellationToken: ct);
            await g.WriteAsync<bool>(Holdout, s.Holdout.AsMemory(0, n), cancellationToken: ct);
        }
    }

    /// <summary>A segment column read as codes (-1: a stored code without a name), the column they came from, the
    /// metadata key naming them, and the stored values (null for a text column).</summary>
    private sealed record SegmentColumn(int[] Codes, string Column, string NamesKey, double[]? Raw)
    {
        /// <summary>True when row <paramref name="i"/>'s code has a name; else the row is counted bad.</summary>
        public bool Named(int i, BadRowTally bad)
        {
            if (Codes[i] >= 0) return true;
            bad.Add(Column, $"a code without a name in {NamesKey}", i + 1,
                Raw![i].ToString("R", CultureInfo.InvariantCulture));
            return false;
        }
    }

    /// <summary>
    /// The route or arm of every row as a code into <paramref name="names"/>: from column <c>{column}_code</c> and the
    /// names in metadata <paramref name="namesKey"/>, or from text column <paramref name="column"/> (snapshots written
    /// before codes).
    /// </summary>
    private static SegmentColumn Segments(InputColumns c, string column, string namesKey, NameCodes names)
    {
        var codeColumn = column + "_code";
        if (!c.Has(codeColumn))
            return new SegmentColumn(c.Text(column).Select(names.Code).ToArray(), column, namesKey, null);
        if (!c.Metadata.TryGetValue(namesKey, out var json))
            throw new ArgumentException(
                $"snapshot '{c.Path}' has column '{codeColumn}' but no metadata '{namesKey}' naming its codes.");
        string?[]? stored = null;
        string? problem = null;
        try { stored = JsonSerializer.Deserialize<string?[]>(json); }
        catch (JsonException e) { problem = e.Message; }
        if (stored is null || stored.Any(name => name is null))
            throw new ArgumentException(
                $"snapshot '{c.Path}': metadata '{namesKey}' is not a JSON array of names ({problem ?? json}).");
        var map = stored.Select(name => names.Code(name!)).ToArray();
        var raw = c.Number(codeColumn);
        var codes = raw.Select(v => v >= 0 && v < map.Length && v == Math.Floor(v) ? map[(int)v] : -1).ToArray();
        return new SegmentColumn(codes, codeColumn, namesKey, raw);
    }

    private static bool Bucketed(InputColumns c) => c.Metadata.TryGetValue(BucketedKey, out var b) && b == "true";

    /// <summary>Reads a snapshot back into the arrays it was written from.</summary>
    public static CalibrationDataSet Read(InputColumns c, bool fitEv)
    {
        var target = c.Number("target");
        var x = c.Number("x");
        var y = c.Number("y");
        var w = c.Number("weight");
        var n = c.Number("n");
        var holdout = c.Number("holdout");
        var bad = new BadRowTally($"snapshot '{c.Path}'");
        var routes = new NameCodes();
        var arms = new NameCodes();
        var (route, arm) = (Segments(c, "route", RouteNamesKey, routes), Segments(c, "arm", ArmNamesKey, arms));
        int pCount = target.Count(t => t == 0), eCount = target.Count(t => t == 1);
        var pland = pCount > 0
            ? new CalibrationSample(CalibrationTarget.PLand, pCount, routes.Names, arms.Names)
            : null;
        var ev = eCount > 0 && fitEv
            ? new CalibrationSample(CalibrationTarget.Ev, eCount, routes.Names, arms.Names)
            : null;
        for (int i = 0; i < c.Rows; i++)
        {
            var s = target[i] == 0 ? pland : target[i] == 1 ? ev : null;
            if (target[i] is not (0 or 1))
            {
                bad.Add("target", "a target other than 0 or 1", i, target[i].ToString(CultureInfo.InvariantCulture));
                continue;
            }
            if (s is null) continue;
            bool probability = s.Target == CalibrationTarget.PLand, good = true;
            foreach (var (rule, column, value) in new[]
                     {
                         (CalibrationInputRules.X(probability), "x", x[i]),
                         (CalibrationInputRules.Weight, "weight", w[i]), (CalibrationInputRules.Weight, "n", n[i]),
                     })
            {
                if (rule.Accepts(value)) continue;
                bad.Add(column, rule.Problem, i + 1, value.ToString("R", CultureInfo.InvariantCulture));
                good = false;
            }
            // Bucketed snapshots hold mean labels per bucket, so y is a probability there, not a 0/1 label.
            var yRule = probability && !Bucketed(c) ? CalibrationInputRules.Label
                : probability ? CalibrationInputRules.Score : CalibrationInputRules.Payoff;
            if (!yRule.Accepts(y[i]))
            {
                bad.Add("y", yRule.Problem, i + 1, y[i].ToString("R", CultureInfo.InvariantCulture));
                good = false;
            }
            good &= route.Named(i, bad) & arm.Named(i, bad);
            if (good) s.Add(x[i], y[i], w[i], n[i], route.Codes[i], arm.Codes[i], holdout[i] != 0);
        }
        bad.ThrowUnlessSkipped(false);
        long Meta(string key, long fallback) =>
            c.Metadata.TryGetValue(key, out var v)
            && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : fallback;
        long? holdoutFrom = c.Metadata.ContainsKey(HoldoutFromKey) ? Meta(HoldoutFromKey, 0) : null;
        return new CalibrationDataSet(pland, ev, Meta(WindowFromKey, 0), Meta(WindowToKey, 0), holdoutFrom,
            Meta(RowsReadKey, c.Rows), bad,
            $"snapshot {Path.GetFileName(c.Path)} of " + (c.Metadata.TryGetValue(SourceKey, out var src) ? src : "?"),
            c.Metadata.TryGetValue(BucketedKey, out var b) && b == "true",
            HasRoute: !(c.Metadata.TryGetValue(HasRouteKey, out var hr) && hr == "false"),
            HasArm: !(c.Metadata.TryGetValue(HasArmKey, out var ha) && ha == "false"));
    }
}
