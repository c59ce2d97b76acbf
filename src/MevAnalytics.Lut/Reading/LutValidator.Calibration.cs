using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

internal static partial class LutValidator
{
    /// <summary>The calibration sections of a file: segments, the lookup section (grid or bucket index) and
    /// knots.</summary>
    private readonly record struct CalibrationSections(SectionSlice Segments, SectionSlice Lookup, SectionSlice Knots,
        ushort Version);

    /// <summary>
    /// Kind 2 with its kinds (spec section 6): keys sorted, parents acyclic, and per segment its lookup data inside
    /// its section. In format 2 also what makes a lookup safe and exact without checks: finite knot x, non-decreasing,
    /// from x_min to x_max, the stored scale, and every bucket entry equal to the last knot whose bucket is before it.
    /// </summary>
    private static void ValidateSegments(ReadOnlySpan<byte> f, CalibrationSections c, uint stringCount)
    {
        var s = c.Segments.Of(f);
        int rows = c.Segments.Rows;
        for (int i = 0; i < rows; i++)
        {
            var r = s.Slice(i * L.Segment.Size, L.Segment.Size);
            uint key = U32(r, L.Segment.Key);
            CheckRef(key, stringCount, "calibration segment", i, "key");
            if (i > 0 && key <= U32(s, (i - 1) * L.Segment.Size + L.Segment.Key))
                throw Fail(LutFormatError.UnsortedKeys,
                    $"calibration segment {i}: key {key} is not greater than the previous segment's key");
            uint parent = U32(r, L.Segment.Parent);
            if (parent != LutFormat.None && parent >= (uint)rows)
                throw Fail(LutFormatError.BadRecord,
                    $"calibration segment {i}: parent {parent} is not a segment index (< {rows})");
            uint lookupStart = U32(r, L.Segment.BucketStart), lookupCount = U32(r, L.Segment.BucketCount);
            uint knotStart = U32(r, L.Segment.KnotStart), knotCount = U32(r, L.Segment.KnotCount);
            string lookup = c.Version == LutFormat.GridVersion ? "grid" : "bucket index";
            if ((ulong)lookupStart + lookupCount > (ulong)c.Lookup.Rows)
                throw Fail(LutFormatError.BadRecord, $"calibration segment {i}: {lookup} [{lookupStart}, " +
                                                     $"+{lookupCount}) is past its section ({c.Lookup.Rows} entries)");
            if ((ulong)knotStart + knotCount > (ulong)c.Knots.Rows)
                throw Fail(LutFormatError.BadRecord, $"calibration segment {i}: knots [{knotStart}, +{knotCount}) " +
                                                     $"are past the knot section ({c.Knots.Rows} knots)");
            if (c.Version == LutFormat.GridVersion)
            {
                if (lookupCount == 1)
                    throw Fail(LutFormatError.BadRecord,
                        $"calibration segment {i}: grid_count is 1; must be 0 or >= 2");
                continue;
            }
            var knots = c.Knots.Of(f).Slice((int)knotStart * L.SlopedKnot.Size, (int)knotCount * L.SlopedKnot.Size);
            var buckets = c.Lookup.Of(f).Slice((int)lookupStart * L.Bucket.Size, (int)lookupCount * L.Bucket.Size);
            ValidateKnotCurve(i, r, knots, buckets);
        }
        RequireAcyclic(s, rows);
    }

    /// <summary>Format 2 rules of one segment's curve (spec section 6).</summary>
    private static void ValidateKnotCurve(int i, ReadOnlySpan<byte> r, ReadOnlySpan<byte> knots,
        ReadOnlySpan<byte> buckets)
    {
        const int size = L.SlopedKnot.Size;
        int n = knots.Length / size, count = buckets.Length / L.Bucket.Size;
        string where = $"calibration segment {i}";
        if (n == 0)
        {
            if (count != 0) throw Fail(LutFormatError.BadRecord, $"{where}: no knots but {count} buckets");
            return;
        }
        if (n == 1 || count == 0)
            throw Fail(LutFormatError.BadRecord,
                $"{where}: {n} knots and {count} buckets; a curve needs >= 2 and >= 1");
        double xMin = F64(r, L.Segment.XMin), xMax = F64(r, L.Segment.XMax), scale = F64(r, L.Segment.Scale);
        for (int k = 0; k < n; k++)
        {
            double x = F64(knots, k * size + L.SlopedKnot.X);
            if (!double.IsFinite(x))
                throw Fail(LutFormatError.BadRecord, $"{where}: knot {k} x is {x}");
            if (k > 0 && x < F64(knots, (k - 1) * size + L.SlopedKnot.X))
                throw Fail(LutFormatError.BadRecord, $"{where}: knot {k} x={x} is below knot {k - 1}'s");
        }
        if (xMin != F64(knots, L.SlopedKnot.X) || xMax != F64(knots, (n - 1) * size + L.SlopedKnot.X)
            || !(xMax > xMin))
            throw Fail(LutFormatError.BadRecord,
                $"{where}: [x_min, x_max] = [{xMin}, {xMax}] is not the span of its knots, rising");
        if (scale != count / (xMax - xMin))
            throw Fail(LutFormatError.BadRecord, $"{where}: scale {scale} is not buckets / (x_max - x_min)");
        int k0 = 0; // knots [0, k0) have a bucket before b
        for (int b = 0; b < count; b++)
        {
            while (k0 < n && CalibrationBucketIndex.Of(F64(knots, k0 * size + L.SlopedKnot.X), xMin, scale, count) < b)
                k0++;
            uint expected = (uint)Math.Max(0, k0 - 1), stored = U32(buckets, b * L.Bucket.Size);
            if (stored != expected)
                throw Fail(LutFormatError.BadRecord,
                    $"{where}: bucket {b} points at knot {stored}; the last knot of an earlier bucket is {expected}");
        }
    }

    /// <summary>Following parents from any segment reaches NONE. A colour walk: 0 unvisited, 1 on the current chain,
    /// 2 known to end; linear in the segment count.</summary>
    private static void RequireAcyclic(ReadOnlySpan<byte> s, int rows)
    {
        if (rows == 0) return;
        Span<byte> state = rows <= 4096 ? stackalloc byte[rows] : new byte[rows];
        state.Clear();
        for (int i = 0; i < rows; i++)
        {
            int p = i;
            while (p >= 0 && state[p] == 0)
            {
                state[p] = 1;
                uint next = U32(s, p * L.Segment.Size + L.Segment.Parent);
                p = next == LutFormat.None ? -1 : (int)next;
            }
            if (p >= 0 && state[p] == 1)
                throw Fail(LutFormatError.ParentCycle, $"calibration segment {p}: parent chain returns to itself");
            for (p = i; p >= 0 && state[p] == 1;)
            {
                state[p] = 2;
                uint next = U32(s, p * L.Segment.Size + L.Segment.Parent);
                p = next == LutFormat.None ? -1 : (int)next;
            }
        }
    }
}
