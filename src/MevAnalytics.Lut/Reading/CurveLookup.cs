using System.Runtime.CompilerServices;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>
/// Spec section 6 on one segment with a curve, written once for the reader's lookups by key and the resolved
/// <see cref="CalibrationCurveView"/>. Callers pass a segment record the validator accepted and the start of its
/// knots and of its index or grid, so every read is inside the file and unchecked.
/// </summary>
internal static class CurveLookup
{
    /// <summary>Format 2: the score's bucket points at a knot at or below it; steps forward find the knot interval
    /// around it, whose line (numpy's arithmetic, the slope stored) is the fit's value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double OnKnots(ref byte record, ref byte knots, ref byte buckets, double score)
    {
        const int size = L.SlopedKnot.Size;
        double xMin = F64Unchecked(ref record, L.Segment.XMin);
        if (!(score > xMin)) return F64Unchecked(ref knots, L.SlopedKnot.Y);
        if (score >= F64Unchecked(ref record, L.Segment.XMax))
            return F64Unchecked(ref knots, ((nint)U32Unchecked(ref record, L.Segment.KnotCount) - 1) * size
                                           + L.SlopedKnot.Y);
        uint count = U32Unchecked(ref record, L.Segment.BucketCount);
        double t = (score - xMin) * F64Unchecked(ref record, L.Segment.Scale);
        nint bucket = t >= count ? (nint)count - 1 : (nint)t;
        ref byte knot = ref Unsafe.Add(ref knots, (nint)U32Unchecked(ref buckets, bucket * L.Bucket.Size) * size);
        // The index is sized for at most one step on average: that step is a select, not a branch the scores'
        // order would make unpredictable; the loop after it is for the rare bucket holding several knots. The last
        // knot's x is above the score, so neither walks past it.
        knot = ref Unsafe.Add(ref knot, F64Unchecked(ref knot, size + L.SlopedKnot.X) <= score ? size : 0);
        while (F64Unchecked(ref knot, size + L.SlopedKnot.X) <= score) knot = ref Unsafe.Add(ref knot, size);
        return F64Unchecked(ref knot, L.SlopedKnot.Slope) * (score - F64Unchecked(ref knot, L.SlopedKnot.X))
               + F64Unchecked(ref knot, L.SlopedKnot.Y);
    }

    /// <summary>Format 1: the interpolation of the segment's f32 grid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double OnGrid(ref byte record, ref byte grid, double score)
    {
        int last = (int)U32Unchecked(ref record, L.Segment.GridCount) - 1;
        double t = (score - F64Unchecked(ref record, L.Segment.XMin)) * F64Unchecked(ref record, L.Segment.Scale);
        if (!(t > 0)) return F32Unchecked(ref grid, 0);
        if (t >= last) return F32Unchecked(ref grid, (nint)last * L.GridValue.Size);
        int i = (int)t;
        double f = t - i;
        double g0 = F32Unchecked(ref grid, (nint)i * L.GridValue.Size);
        double g1 = F32Unchecked(ref grid, (nint)(i + 1) * L.GridValue.Size);
        return g0 + (g1 - g0) * f;
    }
}
