using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        // The tail without a per-byte loop where possible: an overlapping 8-byte (or two 4-byte) read shifted into
        // place.
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

    /// <summary>
    /// The hash of a UTF-16 key's UTF-8 bytes when the key is ASCII (byte i = char i), computed in registers eight
    /// chars
    /// per vector step, without transcoding through memory; false for any other key.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryOfAscii(ReadOnlySpan<char> key, out ulong hash)
    {
        int n = key.Length;
        ulong h = (ulong)n;
        hash = 0;
        if (n >= 8)
        {
            ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(key));
            int i = 0;
            for (; i + 8 <= n; i += 8)
            {
                if (!TryNarrow(Vector128.LoadUnsafe(ref chars, (nuint)i), out ulong w)) return false;
                h = (h ^ w) * Multiplier;
            }
            if (i < n)
            {
                // The last eight chars, shifted so only the n - i not yet hashed remain (the zero-padded tail chunk).
                if (!TryNarrow(Vector128.LoadUnsafe(ref chars, (nuint)(n - 8)), out ulong w)) return false;
                h = (h ^ (w >> ((8 - (n - i)) * 8))) * Multiplier;
            }
            hash = h;
            return true;
        }
        ulong tail = 0;
        for (int j = 0; j < n; j++)
        {
            char c = key[j];
            if (c >= 0x80) return false;
            tail |= (ulong)c << (8 * j);
        }
        hash = n == 0 ? h : (h ^ tail) * Multiplier;
        return true;
    }

    /// <summary>
    /// True when the <paramref name="key"/>.Length bytes at <paramref name="utf8"/> equal the chars of an ASCII key
    /// (one <see cref="TryOfAscii"/> accepted).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool EqualsAscii(ref byte utf8, ReadOnlySpan<char> key)
    {
        int n = key.Length;
        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(key));
        if (n >= 8)
        {
            for (int i = 0; ; i += 8)
            {
                int at = Math.Min(i, n - 8);
                var v = Vector128.LoadUnsafe(ref chars, (nuint)at);
                ulong stored = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref utf8, at));
                if (Vector128.Narrow(v, v).AsUInt64().ToScalar() != stored) return false;
                if (at == n - 8) return true;
            }
        }
        for (int j = 0; j < n; j++)
            if (Unsafe.Add(ref utf8, j) != Unsafe.Add(ref chars, j)) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryNarrow(Vector128<ushort> chars, out ulong bytes)
    {
        bytes = Vector128.Narrow(chars, chars).AsUInt64().ToScalar();
        return (chars & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero;
    }

    /// <summary>Home slot of <paramref name="hash"/> in a table of 2^(64 - <paramref name="shift"/>) slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HomeSlot(ulong hash, int shift) => (int)(hash >> shift);
}
