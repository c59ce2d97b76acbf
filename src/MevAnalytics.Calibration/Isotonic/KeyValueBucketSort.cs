using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// Sorts rows (<see cref="KeyIndexRadixSort.ToKey"/>(x), y) into 16-byte records ordered by (key, value): one
/// most-significant-digit scatter straight from the input columns on the highest 12 (above 4 M rows 14) bits in which
/// the keys differ, then, per bucket, MSD radix passes in cache down to a few records per bucket, and insertion sort.
/// A whole-array LSD sort streams every record through memory once per digit (six times for 53-bit scores); here the
/// records cross memory once and the rest runs in cache. Rows and buckets are split in parts handed to several
/// threads, each part owning its rows or whole buckets, and the order is total, so the result does not depend on the
/// threads. Skewed scores (one bucket holding most rows) only take more levels inside that bucket. The kernels are
/// compiled fully optimised at once: a job fits once per process, too few calls for tiered compilation to reach its
/// optimised code.
/// </summary>
internal static class KeyValueBucketSort
{
    private const int MaxDigitBits = 11;
    private const int InsertionLimit = 32;
    private const int ParallelThreshold = 1 << 17;
    private const int PartsPerThread = 4;

    /// <summary>
    /// Writes the rows sorted by (key, value) to <paramref name="sorted"/>[..n], the order numpy's
    /// <c>lexsort((y, X))</c> gives unweighted rows (rows equal in both are interchangeable);
    /// <paramref name="scratch"/>[..n] is working space, left undefined.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Sort(ReadOnlySpan<double> x, ReadOnlySpan<double> y, KeyValue[] sorted,
        KeyValue[] scratch)
    {
        int n = x.Length;
        // Work is cut in parts several times the thread count and handed out as threads come free: on a busy machine
        // a descheduled worker then delays the others by one small part, not by half the work.
        int parts = n >= ParallelThreshold ? PartsPerThread * Threads : 1;
        var chunk = new int[parts + 1];
        for (int t = 0; t <= parts; t++) chunk[t] = (int)((long)n * t / parts);
        fixed (double* px = x, py = y)
        {
            // Spans cannot enter the worker lambdas; the pinned addresses can.
            nint xa = (nint)px, ya = (nint)py;
            var any = new ulong[parts];
            var all = new ulong[parts];
            Run(parts, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
            {
                var xs = (double*)xa;
                ulong o = 0, z = ~0UL;
                for (int i = chunk[t]; i < chunk[t + 1]; i++)
                {
                    ulong k = KeyIndexRadixSort.ToKey(xs[i]);
                    o |= k;
                    z &= k;
                }
                any[t] = o;
                all[t] = z;
            });
            ulong anyBits = 0, allBits = ~0UL;
            for (int t = 0; t < parts; t++) { anyBits |= any[t]; allBits &= all[t]; }
            ulong varying = anyBits ^ allBits;
            if (varying == 0)
            {
                for (int i = 0; i < n; i++) sorted[i] = new KeyValue { Key = anyBits, Value = y[i] };
                OrderTiesByValue(sorted.AsSpan(0, n));
                return;
            }
            int hi = 63 - BitOperations.LeadingZeroCount(varying);
            int lo = BitOperations.TrailingZeroCount(varying);
            // 12 bits keep a bucket of a million uniform scores in L1/L2; above ~4 M rows 14 bits keep it in L2.
            int topBits = Math.Min(n > 1 << 22 ? 14 : 12, hi - lo + 1);
            int shift = hi + 1 - topBits;
            int buckets = 1 << topBits;
            ulong mask = (ulong)buckets - 1;
            // Into the scratch buffer, so that the next digit's scatter lands in 'sorted'.
            var target = scratch;

            // Per-part bucket counts live in 'sorted', unused until the buckets are sorted (16 bytes per row hold them
            // whenever the input is large enough to be split), so the sort needs no memory beyond the two buffers.
            int[]? own = (long)parts * buckets * sizeof(int) <= 16L * n ? null : new int[parts * buckets];
            Span<int> Counts(int t) =>
                (own ?? MemoryMarshal.Cast<KeyValue, int>(sorted.AsSpan())).Slice(t * buckets, buckets);
            Run(parts, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
            {
                var xs = (double*)xa;
                var h = Counts(t);
                h.Clear();
                for (int i = chunk[t]; i < chunk[t + 1]; i++)
                    h[(int)((KeyIndexRadixSort.ToKey(xs[i]) >> shift) & mask)]++;
            });
            // Counts become each part's first position per bucket, in part order within a bucket.
            var start = new int[buckets + 1];
            var counts = own ?? MemoryMarshal.Cast<KeyValue, int>(sorted.AsSpan());
            int sum = 0;
            for (int b = 0; b < buckets; b++)
            {
                start[b] = sum;
                for (int t = 0; t < parts; t++)
                {
                    int c = counts[t * buckets + b];
                    counts[t * buckets + b] = sum;
                    sum += c;
                }
            }
            start[buckets] = sum;
            Run(parts, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
            {
                var xs = (double*)xa;
                var ys = (double*)ya;
                var off = Counts(t);
                ref KeyValue d = ref MemoryMarshal.GetArrayDataReference(target);
                for (int i = chunk[t]; i < chunk[t + 1]; i++)
                {
                    ulong k = KeyIndexRadixSort.ToKey(xs[i]);
                    Unsafe.Add(ref d, off[(int)((k >> shift) & mask)]++) = new KeyValue { Key = k, Value = ys[i] };
                }
            });

            // Part t sorts the buckets that start in its share of the rows.
            var first = new int[parts + 1];
            for (int t = 1; t < parts; t++)
            {
                int b = first[t - 1];
                while (b < buckets && start[b] < chunk[t]) b++;
                first[t] = b;
            }
            first[parts] = buckets;
            Run(parts, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
            {
                for (int b = first[t]; b < first[t + 1]; b++)
                    if (start[b + 1] > start[b]) SortRange(sorted, scratch, true, start[b], start[b + 1], shift, lo);
            });
        }
    }

    private static int Threads => Math.Clamp(Environment.ProcessorCount, 1, 8);

    private static void Run(int parts, Action<int> body)
    {
        if (parts == 1) body(0);
        else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = Threads }, body);
    }

    /// <summary>
    /// Sorts the records [s, e) of one buffer (scratch when <paramref name="inScratch"/>), whose keys agree on every
    /// bit from <paramref name="high"/> up, into <paramref name="sorted"/>[s, e) by (key, value): an MSD scatter on the
    /// next bits into the other buffer (as many bits as leave a few records per bucket, at most 11), then each bucket
    /// the same way; a handful of records are insertion-sorted. A digit all records share moves nothing.
    /// Each level takes at least 3 bits, so recursion is at most 21 deep, each level a stack histogram of at most 8 KB.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SortRange(KeyValue[] sorted, KeyValue[] scratch, bool inScratch, int s, int e, int high,
        int low)
    {
        int len = e - s;
        var src = (inScratch ? scratch : sorted).AsSpan(s, len);
        if (len <= InsertionLimit || high <= low)
        {
            var final = sorted.AsSpan(s, len);
            if (inScratch) src.CopyTo(final);
            if (len <= InsertionLimit) InsertionSort(final);
            else OrderTiesByValue(final); // every key equal
            return;
        }
        int bits = Math.Min(Math.Clamp(BitOperations.Log2((uint)len) - 2, 3, MaxDigitBits), high - low);
        int shift = high - bits;
        int buckets = 1 << bits;
        ulong mask = (ulong)buckets - 1;
        Span<int> count = stackalloc int[buckets];
        foreach (ref readonly var r in src) count[(int)((r.Key >> shift) & mask)]++;
        if (count[(int)((src[0].Key >> shift) & mask)] == len)
        {
            SortRange(sorted, scratch, inScratch, s, e, shift, low);
            return;
        }
        int sum = 0;
        for (int b = 0; b < buckets; b++) { int c = count[b]; count[b] = sum; sum += c; }
        ref KeyValue d = ref MemoryMarshal.GetReference((inScratch ? sorted : scratch).AsSpan(s, len));
        foreach (ref readonly var r in src) Unsafe.Add(ref d, count[(int)((r.Key >> shift) & mask)]++) = r;
        // count[b] is now the end of bucket b. Small buckets are finished here: most buckets hold a few records.
        int begin = 0;
        for (int b = 0; b < buckets; b++)
        {
            int end = count[b];
            int size = end - begin;
            if (size > InsertionLimit) SortRange(sorted, scratch, !inScratch, s + begin, s + end, shift, low);
            else if (size > 0)
            {
                var final = sorted.AsSpan(s + begin, size);
                if (!inScratch) scratch.AsSpan(s + begin, size).CopyTo(final);
                if (size > 1) InsertionSort(final);
            }
            begin = end;
        }
    }

    /// <summary>Within runs of equal keys, orders records by value (numpy's lexsort((y, X)), unweighted).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OrderTiesByValue(Span<KeyValue> a)
    {
        int s = 0;
        while (s < a.Length)
        {
            int e = s + 1;
            bool sorted = true;
            ulong key = a[s].Key;
            while (e < a.Length && a[e].Key == key)
            {
                if (a[e].Value < a[e - 1].Value) sorted = false;
                e++;
            }
            if (!sorted) a[s..e].Sort(static (p, q) => p.Value.CompareTo(q.Value));
            s = e;
        }
    }

    /// <summary>Orders a few records by (key, value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InsertionSort(Span<KeyValue> a)
    {
        for (int i = 1; i < a.Length; i++)
        {
            var v = a[i];
            int j = i - 1;
            while (j >= 0 && (a[j].Key > v.Key || (a[j].Key == v.Key && a[j].Value > v.Value)))
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }
}
