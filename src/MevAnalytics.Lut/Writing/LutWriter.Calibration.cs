using MevAnalytics.Lut.Format;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

public static partial class LutWriter
{
    /// <summary>
    /// Kinds 2, 4 and 10 (format 2: segments, knots with their slopes, bucket index) or 2, 3 and 4 (format 1:
    /// segments, f32 grid, knots), spec section 6. Also fills each segment key's own resolution for the key index.
    /// </summary>
    private static IEnumerable<Section> Calibration(IReadOnlyList<CalibrationSegment> segments,
        StringTableBuilder strings, uint[] curveOfString, ushort version)
    {
        var ordered = segments.OrderBy(s => strings.Id(s.Key)).ToArray();
        var parents = Parents(ordered);
        var records = new byte[ordered.Length * L.Segment.Size];
        var knots = new List<CalibrationKnot>();
        var lookup = new List<uint>(); // format 2: bucket index entries; format 1: grid values as bits
        for (int i = 0; i < ordered.Length; i++)
        {
            var s = ordered[i];
            var r = records.AsSpan(i * L.Segment.Size, L.Segment.Size);
            LutBytes.WriteU32(r, L.Segment.Key, strings.Id(s.Key));
            LutBytes.WriteU32(r, L.Segment.Parent, parents[i] < 0 ? LutFormat.None : (uint)parents[i]);
            LutBytes.WriteU64(r, L.Segment.SampleCount, (ulong)s.SampleCount);
            LutBytes.WriteU32(r, L.Segment.BucketStart, (uint)lookup.Count);
            LutBytes.WriteU32(r, L.Segment.KnotStart, (uint)knots.Count);
            if (s.Knots.Count == 0) continue; // fallback-only
            var x = s.Knots.Select(k => k.X).ToArray();
            int count;
            double scale;
            if (version == LutFormat.GridVersion)
            {
                (count, scale) = (GridSizeV1, (GridSizeV1 - 1) / (x[^1] - x[0]));
                foreach (var g in CalibrationGrid.Sample(s.Knots, x[0], x[^1], GridSizeV1))
                    lookup.Add(BitConverter.SingleToUInt32Bits(g));
            }
            else
            {
                count = CalibrationBucketIndex.Size(x);
                scale = CalibrationBucketIndex.Scale(x, count);
                var index = new uint[count];
                CalibrationBucketIndex.Fill(x, count, index);
                lookup.AddRange(index);
            }
            if (!double.IsFinite(scale))
                throw new ArgumentException($"calibration segment '{s.Key}': range [{x[0]}, {x[^1]}] is too narrow " +
                                            "to index", nameof(segments));
            LutBytes.WriteF64(r, L.Segment.XMin, x[0]);
            LutBytes.WriteF64(r, L.Segment.XMax, x[^1]);
            LutBytes.WriteF64(r, L.Segment.Scale, scale);
            LutBytes.WriteU32(r, L.Segment.BucketCount, (uint)count);
            LutBytes.WriteU32(r, L.Segment.KnotCount, (uint)s.Knots.Count);
            knots.AddRange(s.Knots);
        }

        // The key index stores each segment key's own resolution (spec section 6), so a lookup needs no parent walk.
        for (int i = 0; i < ordered.Length; i++)
        {
            int p = i;
            while (p >= 0 && ordered[p].Knots.Count == 0) p = parents[p];
            curveOfString[strings.Id(ordered[i].Key)] = p < 0 ? LutFormat.None : (uint)p;
        }

        var lookupBytes = new byte[lookup.Count * 4];
        for (int i = 0; i < lookup.Count; i++) LutBytes.WriteU32(lookupBytes, i * 4, lookup[i]);
        // Kinds 2, 4 and the lookup section go together, even when every segment is fallback-only.
        return version == LutFormat.GridVersion
            ?
            [
                new(LutSectionKind.CalibrationSegments, L.Segment.Size, ordered.Length, records),
                new(LutSectionKind.CalibrationGrid, L.GridValue.Size, lookup.Count, lookupBytes),
                new(LutSectionKind.CalibrationKnots, L.Knot.Size, knots.Count, Knots(knots, withSlopes: false)),
            ]
            :
            [
                new(LutSectionKind.CalibrationSegments, L.Segment.Size, ordered.Length, records),
                new(LutSectionKind.CalibrationKnots, L.SlopedKnot.Size, knots.Count, Knots(knots, withSlopes: true)),
                new(LutSectionKind.CalibrationBuckets, L.Bucket.Size, lookup.Count, lookupBytes),
            ];
    }

    /// <summary>Each segment's parent row (-1 for none), after checking keys, parents, knots and the chains.</summary>
    private static int[] Parents(CalibrationSegment[] ordered)
    {
        var indexByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ordered.Length; i++)
        {
            var s = ordered[i];
            string where = $"calibration segment '{s.Key}'";
            if (!indexByKey.TryAdd(s.Key, i)) throw new ArgumentException($"{where} appears twice", nameof(ordered));
            if (s.SampleCount < 0)
                throw new ArgumentException($"{where}: SampleCount {s.SampleCount} is negative", nameof(ordered));
            RequireKnots(where, s.Knots ?? throw new ArgumentException($"{where}: Knots is null", nameof(ordered)));
        }
        var parents = new int[ordered.Length];
        for (int i = 0; i < ordered.Length; i++)
        {
            parents[i] = -1;
            if (ordered[i].Parent is { } parent && !indexByKey.TryGetValue(parent, out parents[i]))
                throw new ArgumentException($"calibration segment '{ordered[i].Key}': parent '{parent}' is not a " +
                                            "segment", nameof(ordered));
        }
        for (int i = 0; i < ordered.Length; i++)
            for (int p = parents[i], steps = 0; p >= 0; steps++, p = parents[p])
                if (steps >= ordered.Length)
                    throw new ArgumentException($"calibration segment '{ordered[i].Key}': parent chain has a cycle",
                        nameof(ordered));
        return parents;
    }

    /// <summary>None, or at least two finite knots with x non-decreasing and rising from the first to the
    /// last.</summary>
    private static void RequireKnots(string where, IReadOnlyList<CalibrationKnot> knots)
    {
        if (knots.Count == 0) return;
        if (knots.Count == 1)
            throw new ArgumentException($"{where}: one knot; a curve needs at least two (a constant curve two with " +
                                        "the same y)", nameof(knots));
        for (int k = 0; k < knots.Count; k++)
        {
            if (!double.IsFinite(knots[k].X) || !double.IsFinite(knots[k].Y))
                throw new ArgumentException($"{where}: knot {k} ({knots[k].X}, {knots[k].Y}) is not finite",
                    nameof(knots));
            if (k > 0 && !(knots[k].X >= knots[k - 1].X))
                throw new ArgumentException($"{where}: knot {k} x={knots[k].X} is not >= knot {k - 1} " +
                                            $"x={knots[k - 1].X}", nameof(knots));
        }
        if (!(knots[^1].X > knots[0].X))
            throw new ArgumentException($"{where}: knots span no range (x from {knots[0].X} to {knots[^1].X}); need " +
                                        "XMin < XMax", nameof(knots));
    }

    /// <summary>Knot records: (x, y), and in format 2 the slope to the next knot, numpy's arithmetic (0 for the last
    /// knot and for a zero-width interval, which lookups step over).</summary>
    private static byte[] Knots(List<CalibrationKnot> knots, bool withSlopes)
    {
        int size = withSlopes ? L.SlopedKnot.Size : L.Knot.Size;
        var data = new byte[knots.Count * size];
        for (int i = 0; i < knots.Count; i++)
        {
            var r = data.AsSpan(i * size, size);
            LutBytes.WriteF64(r, L.Knot.X, knots[i].X);
            LutBytes.WriteF64(r, L.Knot.Y, knots[i].Y);
            if (!withSlopes) continue;
            LutBytes.WriteF64(r, L.SlopedKnot.Slope, Slope(knots, i));
        }
        return data;
    }

    private static double Slope(List<CalibrationKnot> knots, int i)
    {
        // Segments are concatenated: the next knot may be another segment's, whose x is not above this one's
        // unless it happens to be; the last knot of each segment is recognised by x not rising.
        if (i + 1 >= knots.Count || !(knots[i + 1].X > knots[i].X)) return 0;
        double slope = (knots[i + 1].Y - knots[i].Y) / (knots[i + 1].X - knots[i].X);
        return double.IsFinite(slope)
            ? slope
            : throw new ArgumentException($"knots at x={knots[i].X} and x={knots[i + 1].X} are too close for a " +
                                          "finite slope");
    }
}
