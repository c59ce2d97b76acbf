using System.Runtime.CompilerServices;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;

namespace MevAnalytics.Lut;

/// <summary>Binary searches over validated sections (spec section 5-9); shared by the validator and the reader.</summary>
internal static class LutLookup
{
    /// <summary>String id of <paramref name="key"/> in the sorted string table, or -1.</summary>
    public static int FindString(ReadOnlySpan<byte> strings, int count, ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = count - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            int c = StringAt(strings, mid).SequenceCompareTo(key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> StringAt(ReadOnlySpan<byte> strings, int id) =>
        strings.Slice((int)U32(strings, id * 8), (int)U32(strings, id * 8 + 4));

    /// <summary>Row whose leading u32 key equals <paramref name="key"/> in rows sorted by it, or -1.</summary>
    public static int FindByKey(ReadOnlySpan<byte> rows, int stride, uint key)
    {
        int lo = 0, hi = rows.Length / stride - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            uint k = U32(rows, mid * stride);
            if (k == key) return mid;
            if (k < key) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>Row whose (u32, u32, u32) leading key equals the tuple, for rows sorted by it; -1 if absent.</summary>
    public static int FindByKey3(ReadOnlySpan<byte> rows, int stride, uint a, uint b, uint c)
    {
        int lo = 0, hi = rows.Length / stride - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            int at = mid * stride;
            int cmp = U32(rows, at).CompareTo(a);
            if (cmp == 0) cmp = U32(rows, at + 4).CompareTo(b);
            if (cmp == 0) cmp = U32(rows, at + 8).CompareTo(c);
            if (cmp == 0) return mid;
            if (cmp < 0) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>Row whose (u32, u32) leading key equals the pair, for rows sorted by it; -1 if absent.</summary>
    public static int FindByKey2(ReadOnlySpan<byte> rows, int stride, uint a, uint b)
    {
        ulong key = (ulong)a << 32 | b;
        int lo = 0, hi = rows.Length / stride - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            ulong k = (ulong)U32(rows, mid * stride) << 32 | U32(rows, mid * stride + 4);
            if (k == key) return mid;
            if (k < key) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>Follows parents from <paramref name="segment"/> to the first one with a grid (acyclic: validated), or -1.</summary>
    public static int ResolveCurve(ReadOnlySpan<byte> segments, int segment)
    {
        while (segment >= 0)
        {
            int at = segment * LutFormat.SegmentSize;
            if (U32(segments, at + 44) >= 2) return segment;
            uint parent = U32(segments, at + 4);
            segment = parent == LutFormat.None ? -1 : (int)parent;
        }
        return -1;
    }
}
