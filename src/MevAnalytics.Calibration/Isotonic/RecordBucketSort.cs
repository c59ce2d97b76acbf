using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// Sorts rows into records ordered by (score, value): one scatter straight from the input columns into buckets of
/// equal score width (monotone in x, so bucket order is score order; evenly filled for smooth score densities, where
/// the key's raw top bits would put half of [0, 1) into one exponent), then, per bucket, most-significant-digit
/// radix passes in cache on the bits that vary within it, down to a few records each, and insertion sort.
/// A whole-array LSD sort streams every record through memory once per digit (six times for 53-bit scores); here the
/// records cross memory once and the rest runs in cache. Parts of the rows and of the buckets go to several threads,
/// each owning its rows or whole buckets, and the order is total, so the result does not depend on the threads.
/// Skewed scores (one bucket holding most rows) only take more levels inside that bucket. The kernels are compiled
/// fully optimised at once: a job fits once per process, too few calls for tiered compilation to reach its
/// optimised code.
/// </summary>
/// <typeparam name="TRecord">Record layout: <see cref="KeyValue"/> (any y) or <see cref="PackedOutcome"/> (0/1).</typeparam>
internal static class RecordBucketSort<TRecord> where TRecord : unmanaged, ISortRecord<TRecord>
{
    private const int MaxDigitBits = 11;
    private const int InsertionLimit = 32;

    /// <summary>
    /// Writes the rows sorted to <paramref name="sorted"/>[..n]; <paramref name="scratch"/>[..n] is working space,
    /// left undefined. <paramref name="buckets"/> is <see cref="SortBuckets.Measure"/> of the same rows and parts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Sort(ReadOnlySpan<double> x, ReadOnlySpan<double> y, SortBuckets buckets,
        ParallelParts parts, TRecord[] sorted, TRecord[] scratch)
    {
        int n = x.Length;
        if (buckets.Profile.VaryingKeyBits == 0)
        {
            for (int i = 0; i < n; i++) sorted[i] = TRecord.Create(buckets.Profile.AnyKeyBits, y[i]);
            sorted.AsSpan(0, n).Sort(static (p, q) => TRecord.Less(p, q) ? -1 : TRecord.Less(q, p) ? 1 : 0);
            return;
        }
        int count = buckets.Count;
        var counts = buckets.PartCounts;
        fixed (double* px = x, py = y)
        {
            nint xa = (nint)px, ya = (nint)py;
            // Counts become each part's first position per bucket, in part order within a bucket.
            var start = new int[count + 1];
            int sum = 0;
            for (int b = 0; b < count; b++)
            {
                start[b] = sum;
                for (int t = 0; t < parts.Count; t++)
                {
                    int c = counts[t * count + b];
                    counts[t * count + b] = sum;
                    sum += c;
                }
            }
            start[count] = sum;
            ParallelParts.Run(parts.Count, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
            {
                var xs = (double*)xa;
                var ys = (double*)ya;
                var off = counts.AsSpan(t * count, count);
                ref TRecord d = ref MemoryMarshal.GetArrayDataReference(scratch);
                for (int i = parts.Start(t), end = parts.Start(t + 1); i < end; i++)
                {
                    double xi = xs[i];
                    Unsafe.Add(ref d, off[buckets.Of(xi)]++) = TRecord.Create(KeyIndexRadixSort.ToKey(xi), ys[i]);
                }
            });

            // Part t sorts the buckets that start in its share of the rows.
            var first = new int[parts.Count + 1];
            for (int t = 1; t < parts.Count; t++)
            {
                int b = first[t - 1];
                while (b < count && start[b] < parts.Start(t)) b++;
                first[t] = b;
            }
            first[parts.Count] = count;
            ParallelParts.Run(parts.Count, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
            {
                for (int b = first[t]; b < first[t + 1]; b++)
                    if (start[b + 1] > start[b]) SortRange(sorted, scratch, true, start[b], start[b + 1]);
            });
        }
    }

    /// <summary>
    /// Sorts the records [s, e) of one buffer (scratch when <paramref name="inScratch"/>) into
    /// <paramref name="sorted"/>[s, e): an MSD scatter into the other buffer on the highest bits that vary within the
    /// range (as many as leave a few records per bucket, at most 11), then each bucket the same way; a handful of
    /// records are insertion-sorted. The digit starts at a varying bit, so every level splits the range; each takes at
    /// least 3 bits, so recursion is at most 22 deep, each level a stack histogram of at most 8 KB.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SortRange(TRecord[] sorted, TRecord[] scratch, bool inScratch, int s, int e)
    {
        int len = e - s;
        var src = (inScratch ? scratch : sorted).AsSpan(s, len);
        var final = sorted.AsSpan(s, len);
        if (len <= InsertionLimit)
        {
            if (inScratch) src.CopyTo(final);
            InsertionSort(final);
            return;
        }
        ulong any = 0, all = ~0UL;
        foreach (ref readonly var r in src)
        {
            ulong v = TRecord.Bits(r);
            any |= v;
            all &= v;
        }
        ulong varying = any ^ all;
        if (varying == 0)
        {
            if (inScratch) src.CopyTo(final);
            TRecord.OrderTies(final);
            return;
        }
        int high = 63 - BitOperations.LeadingZeroCount(varying);
        int bits = Math.Min(Math.Clamp(BitOperations.Log2((uint)len) - 2, 3, MaxDigitBits), high + 1);
        int shift = high + 1 - bits;
        int buckets = 1 << bits;
        ulong mask = (ulong)buckets - 1;
        Span<int> count = stackalloc int[buckets];
        foreach (ref readonly var r in src) count[(int)((TRecord.Bits(r) >> shift) & mask)]++;
        int sum = 0;
        for (int b = 0; b < buckets; b++) { int c = count[b]; count[b] = sum; sum += c; }
        ref TRecord d = ref MemoryMarshal.GetReference((inScratch ? sorted : scratch).AsSpan(s, len));
        foreach (ref readonly var r in src) Unsafe.Add(ref d, count[(int)((TRecord.Bits(r) >> shift) & mask)]++) = r;
        // count[b] is now the end of bucket b. Small buckets are finished here: most buckets hold a few records.
        int begin = 0;
        for (int b = 0; b < buckets; b++)
        {
            int end = count[b];
            int size = end - begin;
            if (size > InsertionLimit) SortRange(sorted, scratch, !inScratch, s + begin, s + end);
            else if (size > 0)
            {
                var part = sorted.AsSpan(s + begin, size);
                if (!inScratch) scratch.AsSpan(s + begin, size).CopyTo(part);
                if (size > 1) InsertionSort(part);
            }
            begin = end;
        }
    }

    /// <summary>Orders a few records.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InsertionSort(Span<TRecord> a)
    {
        for (int i = 1; i < a.Length; i++)
        {
            var v = a[i];
            int j = i - 1;
            while (j >= 0 && TRecord.Less(v, a[j]))
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }
}
