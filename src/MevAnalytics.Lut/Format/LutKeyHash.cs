using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace MevAnalytics.Lut.Format;

/// <summary>
/// The key hash of the key index (kind 9, docs/lut-format.md section 11): h = byte length, then for each 8-byte chunk
/// of the key (the last one zero-padded) read little-endian as w, h = (h xor w) * 0x9E3779B97F4A7C15 mod 2^64.
/// A key's home slot is the top log2(slot count) bits of h (multiplicative hashing keeps the good bits on top).
/// </summary>
public static class LutKeyHash
{
    /// <summary>The odd 64-bit multiplier (2^64 / golden ratio).</summary>
    public const ulong Multiplier = 0x9E3779B97F4A7C15;

    /// <summary>Hash of a key's UTF-8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ReadOnlySpan<byte> key)
    {
        int n = key.Length;
        ulong h = (ulong)n;
        int i = 0;
        for (; i + 8 <= n; i += 8) h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key.Slice(i))) * Multiplier;
        int r = n - i;
        if (r == 0) return h;
        // The tail without a per-byte loop where possible: an overlapping 8-byte (or two 4-byte) read shifted into place.
        ulong w;
        if (n >= 8) w = BinaryPrimitives.ReadUInt64LittleEndian(key.Slice(n - 8)) >> ((8 - r) * 8);
        else if (n >= 4)
            w = BinaryPrimitives.ReadUInt32LittleEndian(key)
                | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(n - 4)) >> ((8 - n) * 8)) << 32;
        else
        {
            w = key[0];
            if (n > 1) w |= (ulong)key[1] << 8;
            if (n > 2) w |= (ulong)key[2] << 16;
        }
        return (h ^ w) * Multiplier;
    }

    /// <summary>Home slot of <paramref name="hash"/> in a table of 2^(64 - <paramref name="shift"/>) slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HomeSlot(ulong hash, int shift) => (int)(hash >> shift);
}
