using System.Runtime.CompilerServices;

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
        for (int i = start; i < end; i++)
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
