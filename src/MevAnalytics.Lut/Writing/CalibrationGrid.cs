namespace MevAnalytics.Lut;

/// <summary>Samples a piecewise-linear curve given by knots onto the uniform f32 grid the format stores (spec
/// section 6).</summary>
public static class CalibrationGrid
{
    /// <summary>Grid value i is the knot interpolation at x_min + (x_max - x_min) * i / (size - 1), rounded to
    /// f32.</summary>
    public static float[] Sample(IReadOnlyList<CalibrationKnot> knots, double xMin, double xMax, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        ArgumentOutOfRangeException.ThrowIfZero(knots.Count);
        var grid = new float[size];
        int j = -1; // last knot with x <= current grid x; grid x increases, so j only moves forward
        for (int i = 0; i < size; i++)
        {
            double x = xMin + (xMax - xMin) * i / (size - 1);
            while (j + 1 < knots.Count && knots[j + 1].X <= x) j++;
            grid[i] = (float)Interpolate(knots, j, x);
        }
        return grid;
    }

    /// <summary>The knot interpolation at <paramref name="x"/> (clipped to the end knots).</summary>
    public static double Evaluate(IReadOnlyList<CalibrationKnot> knots, double x)
    {
        int j = -1;
        while (j + 1 < knots.Count && knots[j + 1].X <= x) j++;
        return Interpolate(knots, j, x);
    }

    private static double Interpolate(IReadOnlyList<CalibrationKnot> knots, int j, double x)
    {
        if (j < 0) return knots[0].Y;
        if (j == knots.Count - 1) return knots[j].Y;
        var a = knots[j];
        var b = knots[j + 1];
        return a.Y + (b.Y - a.Y) * (x - a.X) / (b.X - a.X);
    }
}
