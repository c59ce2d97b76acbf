using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MevAnalytics.Calibration.Isotonic;
using Microsoft.ML;
using Microsoft.ML.Calibrators;

namespace MevAnalytics.Bench.Calibration;

/// <summary>
/// <c>mev bench calibrate</c>, exact part: our exact fit, scikit-learn (Debian python3-sklearn, /usr/bin/python3) and
/// ML.NET's isotonic calibrator on the same rows, side by side: seconds, memory, and ratios; sklearn's knots are
/// compared with ours (equal output means the same knot count and every knot bit-identical). Ours and scikit-learn
/// report their best of <see cref="Repeats"/> fits.
/// Memory: ours = bytes the first fit of a size allocates (its whole working set; the input arrays, 16 B/row, are not
/// counted; later fits reuse the record buffer from the shared array pool, as a job's fits of one segment after
/// another do, and allocate almost nothing);
/// sklearn = peak RSS growth during fit; ML.NET = bytes allocated during Fit (managed, all threads).
/// </summary>
public static class IsotonicBenchRun
{
    /// <summary>Fits per size for ours and for scikit-learn alike; each reports its best (machines here are
    /// shared).</summary>
    public const int Repeats = 5;

    /// <summary>One size's results.</summary>
    public sealed record Line(int Rows, double OursSeconds, double OursBytesPerRow, int Knots, double? SklearnSeconds,
        double? SklearnBytesPerRow, bool? EqualToSklearn, double? MaxKnotDifference, double? MlNetSeconds,
        double? MlNetBytesPerRow);

    /// <summary>Runs every size in <paramref name="sizes"/>.</summary>
    public static async Task<IReadOnlyList<Line>> RunAsync(IReadOnlyList<int> sizes, string sklearnScript, bool peers,
        Action<string> log, CancellationToken ct)
    {
        // Warm the JIT so the first timed fit is not charged for it.
        CalibrationBench.Run(CalibrationBench.Generate(200_000, 1));
        var lines = new List<Line>();
        foreach (int n in sizes)
        {
            var data = CalibrationBench.Generate(n);
            GC.Collect();
            double best = double.MaxValue;
            long allocated = 0;
            IsotonicModel model = null!;
            for (int rep = 0; rep < Repeats; rep++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                var (result, m) = CalibrationBench.Run(data);
                allocated = Math.Max(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
                best = Math.Min(best, result.Seconds);
                model = m;
                GC.Collect();
            }
            log($"ours n={n:N0}: {best:0.000} s, {(double)allocated / n:0.0} B/row, {model.XThresholds.Length} knots");
            double? skSeconds = null, skBytes = null, maxDiff = null;
            bool? equal = null;
            if (peers && File.Exists("/usr/bin/python3") && File.Exists(sklearnScript))
            {
                (skSeconds, skBytes, equal, maxDiff) = await SklearnAsync(data, model, sklearnScript, ct);
                log($"sklearn n={n:N0}: {skSeconds:0.000} s, equal output: {equal} (max knot diff {maxDiff:E2})");
            }
            double? mlSeconds = null, mlBytes = null;
            if (peers)
            {
                (mlSeconds, mlBytes) = MlNet(data);
                log($"ML.NET n={n:N0}: {mlSeconds:0.000} s");
            }
            lines.Add(new Line(n, best, (double)allocated / n, model.XThresholds.Length, skSeconds, skBytes, equal,
                maxDiff, mlSeconds, mlBytes));
        }
        return lines;
    }

    /// <summary>Printable table with ratios (peer time / our time: > 1 means we are faster).</summary>
    public static IEnumerable<string> Format(IReadOnlyList<Line> lines)
    {
        yield return "exact isotonic fit (p_land-like rows, y ~ Bernoulli(x^2), clipped to [0,1]):";
        yield return $"{"rows",12} {"ours s",9} {"B/row",7} {"sklearn s",10} {"x faster",9} {"B/row",8} " +
                     $"{"equal",6} {"ML.NET s",9} {"x faster",9} {"B/row",8}";
        foreach (var l in lines)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{l.Rows,12:N0} {l.OursSeconds,9:0.000} {l.OursBytesPerRow,7:0.0} " +
                $"{Opt(l.SklearnSeconds, "0.000"),10} {Ratio(l.SklearnSeconds, l.OursSeconds),9} " +
                $"{Opt(l.SklearnBytesPerRow, "0.0"),8} {(l.EqualToSklearn is { } e ? (e ? "yes" : "NO") : "-"),6} " +
                $"{Opt(l.MlNetSeconds, "0.000"),9} " +
                $"{Ratio(l.MlNetSeconds, l.OursSeconds),9} {Opt(l.MlNetBytesPerRow, "0.0"),8}");
        yield return "ML.NET samples at most 1,000,000 rows and fits in float32; " +
                     "ours and sklearn use every row in float64.";
    }

    private static string Opt(double? v, string f) => v is { } x ? x.ToString(f, CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? peer, double ours) =>
        peer is { } p ? (p / ours).ToString("0.0", CultureInfo.InvariantCulture) + "x" : "-";

    private static async Task<(double, double, bool, double)> SklearnAsync(CalibrationBench.Data data,
        IsotonicModel model, string script, CancellationToken ct)
    {
        var dir = Path.Combine(Path.GetTempPath(), "mev-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var input = Path.Combine(dir, "rows.f64");
            await using (var f = File.Create(input))
            {
                f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.X.AsSpan()));
                f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Y.AsSpan()));
            }
            var knotsPath = Path.Combine(dir, "knots.json");
            var psi = new ProcessStartInfo("/usr/bin/python3",
                [script, input, "--knots-out", knotsPath, "--repeat", Repeats.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi)
                ?? throw new InvalidOperationException("could not start /usr/bin/python3");
            var stdout = await p.StandardOutput.ReadToEndAsync(ct);
            var stderr = await p.StandardError.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct);
            if (p.ExitCode != 0) throw new InvalidOperationException($"sklearn bench failed: {stderr.Trim()}");
            using var result = JsonDocument.Parse(stdout);
            double seconds = result.RootElement.GetProperty("seconds").GetDouble();
            double growth = result.RootElement.GetProperty("peak_rss_bytes").GetDouble()
                - result.RootElement.GetProperty("rss_before_fit_bytes").GetDouble();
            using var knots = JsonDocument.Parse(await File.ReadAllBytesAsync(knotsPath, ct));
            var kx = knots.RootElement.GetProperty("X_thresholds").EnumerateArray()
                .Select(e => e.GetDouble()).ToArray();
            var ky = knots.RootElement.GetProperty("y_thresholds").EnumerateArray()
                .Select(e => e.GetDouble()).ToArray();
            double maxDiff = 0;
            bool equal = kx.Length == model.XThresholds.Length;
            if (equal)
                for (int i = 0; i < kx.Length; i++)
                    maxDiff = Math.Max(maxDiff,
                        Math.Max(Math.Abs(kx[i] - model.XThresholds[i]), Math.Abs(ky[i] - model.YThresholds[i])));
            else maxDiff = double.PositiveInfinity;
            return (seconds, growth / data.X.Length, equal && maxDiff == 0, maxDiff);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class Row
    {
        public bool Label { get; set; }
        public float Score { get; set; }
    }

    private static (double Seconds, double BytesPerRow) MlNet(CalibrationBench.Data data)
    {
        var ml = new MLContext(seed: 1);
        var rows = new Row[data.X.Length];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = new Row { Score = (float)data.X[i], Label = data.Y[i] > 0.5 };
        var view = ml.Data.LoadFromEnumerable(rows);
        var estimator = ml.BinaryClassification.Calibrators.Isotonic("Label", "Score");
        estimator.Fit(ml.Data.LoadFromEnumerable(rows.Take(10_000)));  // warm-up
        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var model = estimator.Fit(view);
        sw.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        _ = ((ISingleFeaturePredictionTransformer<IsotonicCalibrator>)model).Model.Values.Length;
        return (sw.Elapsed.TotalSeconds, (double)allocated / data.X.Length);
    }
}
