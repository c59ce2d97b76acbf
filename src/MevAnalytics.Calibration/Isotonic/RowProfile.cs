using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// What the first pass over unweighted rows tells the exact fit: the key bits that vary, whether every y is 0 or 1
/// (then rows pack in 8 bytes, <see cref="PackedOutcome"/>), and whether every value is finite.
/// </summary>
internal readonly record struct RowProfile(ulong AnyKeyBits, ulong AllKeyBits, bool BinaryValues, bool Finite)
{
    private const ulong Exponent = 0x7FF0_0000_0000_0000UL;
    private const ulong One = 0x3FF0_0000_0000_0000UL;

    /// <summary>Key bits in which some rows differ.</summary>
    public ulong VaryingKeyBits => AnyKeyBits ^ AllKeyBits;

    /// <summary>Profiles rows [start, end) and counts them into <paramref name="counts"/> by bucket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe RowProfile Measure(double* x, double* y, int start, int end, SortBuckets buckets,
        Span<int> counts)
    {
        counts.Clear();
        ulong any = 0, all = ~0UL, notBinary = 0, notFinite = 0;
        int i = start;
        if (Avx2.IsSupported)
        {
            // Four rows at a time, the same tests as the loop below; only the bucket counts stay scalar.
            var (vAny, vAll, vNotBinary, vNotFinite) =
                (Vector256<ulong>.Zero, Vector256<ulong>.AllBitsSet, Vector256<ulong>.Zero, Vector256<ulong>.Zero);
            var (exponent, one) = (Vector256.Create(Exponent), Vector256.Create(One));
            ref int c = ref MemoryMarshal.GetReference(counts);
            for (; i + 4 <= end; i += 4)
            {
                var xv = Vector256.Load(x + i);
                var v = Vector256.Load(y + i).AsUInt64();
                var k = KeyIndexRadixSort.ToKey(xv);
                vAny |= k;
                vAll &= k;
                vNotBinary |= ~(Vector256.Equals(v, Vector256<ulong>.Zero) | Vector256.Equals(v, one));
                vNotFinite |= Vector256.Equals(xv.AsUInt64() & exponent, exponent) |
                              Vector256.Equals(v & exponent, exponent);
                var b = buckets.Of(xv);
                Unsafe.Add(ref c, b.GetElement(0))++;
                Unsafe.Add(ref c, b.GetElement(1))++;
                Unsafe.Add(ref c, b.GetElement(2))++;
                Unsafe.Add(ref c, b.GetElement(3))++;
            }
            for (int l = 0; l < 4; l++)
            {
                any |= vAny.GetElement(l);
                all &= vAll.GetElement(l);
                notBinary |= vNotBinary.GetElement(l);
                notFinite |= vNotFinite.GetElement(l);
            }
        }
        for (; i < end; i++)
        {
            double xi = x[i];
            ulong k = KeyIndexRadixSort.ToKey(xi);
            ulong u = BitConverter.DoubleToUInt64Bits(xi), v = BitConverter.DoubleToUInt64Bits(y[i]);
            any |= k;
            all &= k;
            // Compare-and-set, no branch: 0/1 labels alternate unpredictably.
            notBinary |= v != 0 & v != One ? 1UL : 0UL;
            notFinite |= (u & Exponent) == Exponent | (v & Exponent) == Exponent ? 1UL : 0UL;
            counts[buckets.Of(xi)]++;
        }
        return new RowProfile(any, all, notBinary == 0, notFinite == 0);
    }

    /// <summary>The profile of all parts together.</summary>
    public static RowProfile Merge(ReadOnlySpan<RowProfile> parts)
    {
        var r = parts[0];
        foreach (var p in parts[1..])
            r = new RowProfile(r.AnyKeyBits | p.AnyKeyBits, r.AllKeyBits & p.AllKeyBits,
                r.BinaryValues && p.BinaryValues, r.Finite && p.Finite);
        return r;
    }
}
