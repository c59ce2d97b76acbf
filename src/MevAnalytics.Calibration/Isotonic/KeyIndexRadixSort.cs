using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// Stable LSD radix sort of doubles carried as order-preserving 64-bit keys, with an int payload.
/// Radix rather than comparison sort because the exact fit is sort-bound; stable so that equal keys keep
/// their row order, which makes the result deterministic.
/// </summary>
internal static class KeyIndexRadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;

    /// <summary>Maps a finite double to a ulong whose unsigned order is the numeric order (-0 and +0 map
    /// equal).</summary>
    public static ulong ToKey(double x)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(x + 0.0); // x + 0.0 turns -0.0 into +0.0
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary><see cref="ToKey(double)"/> of four doubles at once (the same bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ToKey(Vector256<double> x)
    {
        var bits = (x + Vector256<double>.Zero).AsUInt64();
        // All ones for a negative value (flip every bit), else only the sign bit (set it).
        return bits ^ (Vector256.ShiftRightArithmetic(bits.AsInt64(), 63).AsUInt64() | Vector256.Create(1UL << 63));
    }

    /// <summary>Inverse of <see cref="ToKey(double)"/>.</summary>
    public static double FromKey(ulong key)
    {
        ulong bits = (key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key;
        return BitConverter.UInt64BitsToDouble(bits);
    }

    /// <summary>
    /// Sorts (keys, items) by key, stably. Uses (scratchKeys, scratchItems) of the same length as buffers.
    /// Returns true if the sorted result ended in the scratch arrays (the caller swaps its references).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Sort(ulong[] keys, int[] items, ulong[] scratchKeys, int[] scratchItems, int n)
    {
        var histograms = new int[Passes * Buckets];
        for (int i = 0; i < n; i++)
        {
            ulong k = keys[i];
            for (int p = 0; p < Passes; p++)
                histograms[p * Buckets + (int)((k >> (p * DigitBits)) & (Buckets - 1))]++;
        }

        ulong[] srcK = keys, dstK = scratchKeys;
        int[] srcI = items, dstI = scratchItems;
        bool inScratch = false;
        Span<int> offsets = stackalloc int[Buckets];
        for (int p = 0; p < Passes; p++)
        {
            var h = histograms.AsSpan(p * Buckets, Buckets);
            int shift = p * DigitBits;
            // A digit on which every key agrees does not reorder anything: skip the pass.
            if (h[(int)((srcK[0] >> shift) & (Buckets - 1))] == n) continue;
            int sum = 0;
            for (int b = 0; b < Buckets; b++) { offsets[b] = sum; sum += h[b]; }
            ref ulong sk = ref MemoryMarshal.GetArrayDataReference(srcK);
            ref int si = ref MemoryMarshal.GetArrayDataReference(srcI);
            for (int i = 0; i < n; i++)
            {
                ulong k = System.Runtime.CompilerServices.Unsafe.Add(ref sk, i);
                int d = (int)((k >> shift) & (Buckets - 1));
                int o = offsets[d]++;
                dstK[o] = k;
                dstI[o] = System.Runtime.CompilerServices.Unsafe.Add(ref si, i);
            }
            (srcK, dstK) = (dstK, srcK);
            (srcI, dstI) = (dstI, srcI);
            inScratch = !inScratch;
        }
        return inScratch;
    }
}
