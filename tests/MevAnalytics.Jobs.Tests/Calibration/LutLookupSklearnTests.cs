using System.Text.Json;
using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Lut;
using MevAnalytics.Oracles.Python;

namespace MevAnalytics.Jobs.Tests.Calibration;

/// <summary>
/// The published table answers like scikit-learn: a curve fitted by the job's isotonic fit, mapped to LUT segments
/// as the calibrate job maps it and encoded, then looked up in one batch, equals
/// <c>IsotonicRegression(out_of_bounds="clip").predict</c> fitted on the same rows, at every distinct score, every
/// midpoint between them, random points and beyond both ends.
/// </summary>
public class LutLookupSklearnTests
{
    public static TheoryData<string> Cases() => ["random", "tied", "weighted"];

    [SklearnTheory]
    [MemberData(nameof(Cases))]
    public void Batch_lookups_equal_sklearn_predict(string name)
    {
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0xffff);
        int n = 3000;
        var x = new double[n];
        var y = new double[n];
        double[]? w = name == "weighted" ? new double[n] : null;
        for (int i = 0; i < n; i++)
        {
            x[i] = name == "tied" ? Math.Round(random.NextDouble() * 20) / 20 : random.NextDouble();
            y[i] = random.NextDouble() < 0.1 + 0.8 * x[i] * x[i] ? 1 : 0;
            if (w is not null) w[i] = random.NextDouble() * 3;
        }
        var distinct = x.Distinct().Order().ToArray();
        var queries = distinct
            .Concat(distinct.Zip(distinct.Skip(1), (a, b) => a + (b - a) / 2))
            .Concat(Enumerable.Range(0, 500).Select(_ => random.NextDouble() * 1.4 - 0.2))
            .Concat([distinct[0] - 1, Math.BitDecrement(distinct[0]), Math.BitIncrement(distinct[^1]), 7.5])
            .ToArray();

        var model = IsotonicFit.Fit(x, y, w ?? default(ReadOnlySpan<double>));
        var fit = new SegmentFit(SegmentKey.Global, null, n, w?.Sum() ?? n, true, SegmentKey.Global, model);
        var content = new LutContent(new LutHeader(LutTableKind.Calibration, 1, 0, 1, 2, "sklearn", "test"))
        {
            Calibration = [.. CalibrationMapping.ToLut([fit], CalibrationTarget.PLand)],
        };
        using var table = LutFile.FromBytes(LutWriter.Write(content));
        var lookups = new double[queries.Length];
        table.Calibrate("*", queries, lookups);

        var expected = Sklearn(x, y, w, queries);
        Assert.Equal(queries.Length, expected.Length);
        var worst = Enumerable.Range(0, queries.Length).MaxBy(i => Math.Abs(lookups[i] - expected[i]));
        Assert.True(Math.Abs(lookups[worst] - expected[worst]) <= 1e-12,
            $"{name}: at score {queries[worst]:R} the table reads {lookups[worst]:R}, sklearn {expected[worst]:R}");
    }

    private static double[] Sklearn(double[] x, double[] y, double[]? w, double[] queries)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mev-lut-sklearn-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, JsonSerializer.Serialize(new { x, y, w, queries }));
            using var result = JsonDocument.Parse(SklearnFactAttribute.Run(
                SklearnFactAttribute.Script("isotonic_predict.py"), path));
            return [.. result.RootElement.GetProperty("predict").EnumerateArray().Select(e => e.GetDouble())];
        }
        finally
        {
            File.Delete(path);
        }
    }
}
