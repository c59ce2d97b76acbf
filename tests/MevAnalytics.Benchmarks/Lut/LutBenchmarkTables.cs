using MevAnalytics.Lut;

namespace MevAnalytics.Benchmarks.Lut;

/// <summary>Synthetic tables sized like production ones.</summary>
internal static class LutBenchmarkTables
{
    /// <summary><paramref name="segments"/> isotonic-like curves of <paramref name="knots"/> knots each (steps with
    /// jumps: knots come in close pairs, as PAV block ends do), plus "*", encoded in
    /// <paramref name="formatVersion"/> (2: the knots with a bucket index; 1: the 256-point grid).</summary>
    public static byte[] Calibration(int segments, int knots, int formatVersion)
    {
        var random = new Random(42);
        var list = new List<CalibrationSegment>();
        for (int s = 0; s <= segments; s++)
        {
            var curve = new List<CalibrationKnot>(knots);
            double x = 0, y = 0;
            while (curve.Count < knots)
            {
                curve.Add(new CalibrationKnot(x, y));
                x += random.NextDouble() < 0.5 ? 1e-6 * random.NextDouble() + 1e-9 : random.NextDouble() / knots;
                y = Math.Min(1, y + random.NextDouble() / knots);
            }
            list.Add(new(s == segments ? "*" : $"route-{s:D4}", null, 10_000, curve));
        }
        return LutWriter.Write(new LutContent(
            new LutHeader(LutTableKind.Calibration, 1, 0, 1, 1_000_000, "bench", "rev"))
        { Calibration = list },
            formatVersion);
    }
}
