using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>Searches over validated sections (spec sections 5-11); shared by the validator and the reader.</summary>
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
    public static ReadOnlySpan<byte> StringAt(ReadOnlySpan<byte> strings, int id)
    {
        int entry = id * L.StringIndex.Size;
        return strings.Slice((int)U32(strings, entry + L.StringIndex.Start),
            (int)U32(strings, entry + L.StringIndex.Length));
    }

    /// <summary>
    /// Slot of <paramref name="key"/> in a key index (spec section 11), or -1. Linear probing from the home slot
    /// until the key or an empty slot; the validator guarantees an empty slot exists, so the loop ends, and that
    /// every slot and string it reads is inside the sections, so the reads are unchecked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ProbeKeyIndex(
        ReadOnlySpan<byte> index, int shift, ReadOnlySpan<byte> strings, ReadOnlySpan<byte> key)
    {
        ref byte slots = ref MemoryMarshal.GetReference(index);
        ref byte table = ref MemoryMarshal.GetReference(strings);
        nint mask = index.Length / L.KeySlot.Size - 1;
        nint slot = LutKeyHash.HomeSlot(LutKeyHash.Of(key), shift);
        while (true)
        {
            uint id = U32Unchecked(ref slots, slot * L.KeySlot.Size + L.KeySlot.StringId);
            if (id == LutFormat.None) return -1;
            nint entry = (nint)id * L.StringIndex.Size;
            uint length = U32Unchecked(ref table, entry + L.StringIndex.Length);
            if (length == (uint)key.Length
                && BytesEqual(
                    ref Unsafe.Add(ref table, (nint)U32Unchecked(ref table, entry + L.StringIndex.Start)), key))
            {
                return (int)slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Key comparison inlined into the probe: 8-byte words with an overlapping last word (keys are
    /// short).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool BytesEqual(ref byte stored, ReadOnlySpan<byte> key)
    {
        int n = key.Length;
        ref byte k = ref MemoryMarshal.GetReference(key);
        if (n >= 8)
        {
            for (int i = 0; ; i += 8)
            {
                int at = Math.Min(i, n - 8);
                ulong a = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref stored, at));
                if (a != Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref k, at))) return false;
                if (at == n - 8) return true;
            }
        }
        if (n >= 4)
            return Unsafe.ReadUnaligned<uint>(ref stored) == Unsafe.ReadUnaligned<uint>(ref k)
                   && Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref stored, n - 4))
                   == Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref k, n - 4));
        for (int j = 0; j < n; j++)
            if (Unsafe.Add(ref stored, j) != Unsafe.Add(ref k, j)) return false;
        return true;
    }

    /// <summary>
    /// <see cref="ProbeKeyIndex"/> for an ASCII UTF-16 key and its <see cref="LutKeyHash.TryOfAscii"/> hash: stored
    /// bytes
    /// are compared with the chars in registers (no transcoding buffer, whose overlapping stores would stall loads).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ProbeKeyIndexAscii(
        ReadOnlySpan<byte> index, int shift, ReadOnlySpan<byte> strings, ReadOnlySpan<char> key, ulong hash)
    {
        ref byte slots = ref MemoryMarshal.GetReference(index);
        ref byte table = ref MemoryMarshal.GetReference(strings);
        nint mask = index.Length / L.KeySlot.Size - 1;
        nint slot = LutKeyHash.HomeSlot(hash, shift);
        while (true)
        {
            uint id = U32Unchecked(ref slots, slot * L.KeySlot.Size + L.KeySlot.StringId);
            if (id == LutFormat.None) return -1;
            nint entry = (nint)id * L.StringIndex.Size;
            if (U32Unchecked(ref table, entry + L.StringIndex.Length) == (uint)key.Length
                && LutKeyHash.EqualsAscii(
                    ref Unsafe.Add(ref table, (nint)U32Unchecked(ref table, entry + L.StringIndex.Start)), key))
                return (int)slot;
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>The key's own resolution without an index: its segment, then its parents, to the first with a curve;
    /// -1 if none.</summary>
    public static int OwnCurve(ReadOnlySpan<byte> strings, int count, ReadOnlySpan<byte> segments,
        ReadOnlySpan<byte> key, ushort version)
    {
        int id = FindString(strings, count, key);
        return id < 0 ? -1 : ResolveCurve(segments, FindByKey(segments, L.Segment.Size, (uint)id), version);
    }

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

    /// <summary>Whether a segment record has a curve of its own (spec section 6): a grid of at least 2 values in
    /// format 1, at least 2 knots in format 2.</summary>
    public static bool HasCurve(ReadOnlySpan<byte> record, ushort version) =>
        version == LutFormat.GridVersion
            ? U32(record, L.Segment.GridCount) >= 2
            : U32(record, L.Segment.KnotCount) >= 2;

    /// <summary>Follows parents from <paramref name="segment"/> to the first one with a curve (acyclic: validated),
    /// or -1.</summary>
    public static int ResolveCurve(ReadOnlySpan<byte> segments, int segment, ushort version)
    {
        while (segment >= 0)
        {
            int at = segment * L.Segment.Size;
            if (HasCurve(segments.Slice(at, L.Segment.Size), version)) return segment;
            uint parent = U32(segments, at + L.Segment.Parent);
            segment = parent == LutFormat.None ? -1 : (int)parent;
        }
        return -1;
    }
}
