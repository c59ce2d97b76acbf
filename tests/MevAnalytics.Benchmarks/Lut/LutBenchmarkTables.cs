using MevAnalytics.Lut;

namespace MevAnalytics.Benchmarks.Lut;

/// <summary>Synthetic tables sized like production ones.</summary>
internal static class LutBenchmarkTables
{
    /// <summary><paramref name="segments"/> monotone curves of <paramref name="grid"/> points each, plus "*".</summary>
    public static byte[] Calibration(int segments, int grid)
    {
        var random = new Random(42);
        var list = new List<CalibrationSegment>();
        for (int s = 0; s <= segments; s++)
        {
            double y = 0;
            var knots = Enumerable.Range(0, 64)
                .Select(k => new CalibrationKnot(k / 63.0, y = Math.Min(1, y + random.NextDouble() / 40))).ToArray();
            list.Add(new(s == segments ? "*" : $"route-{s:D4}", null, 10_000, 0, 1, grid, knots));
        }
        return LutWriter.Write(new LutContent(
            new LutHeader(LutTableKind.Calibration, 1, 0, 1, 1_000_000, "bench", "rev")) { Calibration = list });
    }
}
