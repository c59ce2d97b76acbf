using System.Buffers.Binary;

namespace MevAnalytics.Lut;

/// <summary>
/// The single-curve file of the runtime this product replaces: bytes "ISOT", u16 version 1, u32 n_bins, f32 min_score,
/// f32 max_score, then n_bins f32 values sampled on the uniform grid from min_score to max_score inclusive;
/// little-endian, unaligned, no padding (18 + 4 n bytes). Its reader clips the score to [min, max] and interpolates
/// linearly between neighbouring values. It is a grid: it misses the fitted curve between its points wherever the
/// curve bends there, and <see cref="MaxAbsDeviation"/> says by exactly how much. Pure: the same curve and bin count
/// give the same bytes.
/// </summary>
public static class IsotCurveExport
{
    /// <summary>Bytes before the values.</summary>
    public const int HeaderSize = 18;

    /// <summary>The only version written.</summary>
    public const ushort Version = 1;

    /// <summary>Grid values of the default export (the seeds' tables).</summary>
    public const int DefaultBins = 1000;

    /// <summary>The default number of values for <paramref name="curve"/>: <see cref="DefaultBins"/>, or for a
    /// format-1 curve the smallest n >= it with n - 1 a multiple of the curve's grid intervals (every grid point is
    /// then an ISOT point and both files describe the same function).</summary>
    public static int AlignedBins(CalibrationCurveView curve, int atLeast = DefaultBins)
    {
        if (!curve.HasCurve) throw new ArgumentException($"segment '{curve.Key}' is fallback-only");
        if (curve.GridCount == 0) return atLeast;
        int intervals = curve.GridCount - 1;
        return (int)Math.Min(1 << 24, (long)Math.Ceiling((atLeast - 1) / (double)intervals) * intervals + 1);
    }

    /// <summary>
    /// Samples the curve the table answers with (spec section 6) at <paramref name="bins"/> uniform points over the
    /// curve's score range [x_min, x_max].
    /// </summary>
    public static byte[] Write(CalibrationCurveView curve, int bins = DefaultBins)
    {
        if (!curve.HasCurve)
            throw new ArgumentException($"segment '{curve.Key}' is fallback-only; export the curve it resolves to");
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bins, 1 << 24);
        var file = new byte[HeaderSize + 4 * bins];
        "ISOT"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(6), (uint)bins);
        float min = (float)curve.XMin, max = (float)curve.XMax;
        if (!(max > min))
            throw new ArgumentException(
                $"segment '{curve.Key}': range [{curve.XMin}, {curve.XMax}] collapses in float32");
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(10), min);
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(14), max);
        // Sampled where the ISOT reader places its points (from the f32 bounds), so the values agree exactly there.
        for (int i = 0; i < bins; i++)
        {
            float value = (float)curve.Calibrate(PointOf(min, max, i, bins));
            BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(HeaderSize + 4 * i), value);
        }
        return file;
    }

    /// <summary>
    /// Max |ISOT(x) - LUT(x)| over all scores, evaluating the ISOT file as its reader does. Both are piecewise linear
    /// and constant outside their ranges, so the maximum is at a breakpoint of one of them: checking the ISOT points
    /// and the curve's breakpoints (its knots, or its grid) is exact.
    /// </summary>
    public static double MaxAbsDeviation(CalibrationCurveView curve, ReadOnlySpan<byte> isot)
    {
        float min = BinaryPrimitives.ReadSingleLittleEndian(isot[10..]);
        float max = BinaryPrimitives.ReadSingleLittleEndian(isot[14..]);
        int bins = (int)BinaryPrimitives.ReadUInt32LittleEndian(isot[6..]);
        double worst = 0;
        for (int i = 0; i < bins; i++)
        {
            double x = PointOf(min, max, i, bins);
            worst = Math.Max(worst, Math.Abs(Evaluate(isot, x) - curve.Calibrate(x)));
        }
        for (int i = 0; i < curve.BreakpointCount; i++)
        {
            double x = curve.Breakpoint(i);
            worst = Math.Max(worst, Math.Abs(Evaluate(isot, x) - curve.Calibrate(x)));
        }
        return worst;
    }

    /// <summary>The ISOT reader's value at <paramref name="score"/>: clip to [min, max], linear between
    /// neighbours.</summary>
    public static double Evaluate(ReadOnlySpan<byte> isot, double score)
    {
        float min = BinaryPrimitives.ReadSingleLittleEndian(isot[10..]);
        float max = BinaryPrimitives.ReadSingleLittleEndian(isot[14..]);
        int bins = (int)BinaryPrimitives.ReadUInt32LittleEndian(isot[6..]);
        double t = (Math.Clamp(score, min, max) - min) / ((double)max - min) * (bins - 1);
        int i = Math.Min((int)t, bins - 2);
        double f = t - i;
        double a = BinaryPrimitives.ReadSingleLittleEndian(isot[(HeaderSize + 4 * i)..]);
        double b = BinaryPrimitives.ReadSingleLittleEndian(isot[(HeaderSize + 4 * i + 4)..]);
        return a + (b - a) * f;
    }

    private static double PointOf(double min, double max, int i, int bins) =>
        i == bins - 1 ? max : min + (max - min) * i / (bins - 1);
}
