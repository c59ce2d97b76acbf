namespace MevAnalytics.Lut;

/// <summary>Every calibration curve is non-decreasing: knot x and y, and the grid.</summary>
public sealed class MonotoneCalibrationCheck : ILutGateCheck
{
    /// <inheritdoc/>
    public string Name => "monotone";

    /// <inheritdoc/>
    public LutCheckResult Check(LutFile candidate, LutFile? current)
    {
        var r = candidate.Reader;
        for (int s = 0; s < r.SegmentCount; s++)
        {
            var c = r.SegmentAt(s);
            for (int k = 1; k < c.KnotCount; k++)
            {
                var (a, b) = (c.Knot(k - 1), c.Knot(k));
                if (!(b.X >= a.X))
                    return LutCheckResult.Fail($"segment '{c.Key}': knot {k} x={b.X} < knot {k - 1} x={a.X}");
                if (!(b.Y >= a.Y))
                    return LutCheckResult.Fail($"segment '{c.Key}': knot {k} y={b.Y} < knot {k - 1} y={a.Y}");
            }
            for (int g = 1; g < c.GridCount; g++)
                if (!(c.GridValue(g) >= c.GridValue(g - 1)))
                    return LutCheckResult.Fail(
                        $"segment '{c.Key}': grid {g} = {c.GridValue(g)} < grid {g - 1} = {c.GridValue(g - 1)}");
        }
        return LutCheckResult.Pass();
    }
}
