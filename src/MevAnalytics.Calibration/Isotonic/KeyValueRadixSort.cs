using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>A sort key (see <see cref="KeyIndexRadixSort.ToKey"/>) with its row's value carried inline.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct KeyValue
{
    public ulong Key;
    public double Value;
}

/// <summary>
/// Stable LSD radix sort of 16-byte (key, value) records, 11-bit digits. Records rather than a key array plus an
/// index array because the fit then reads each row's y in sorted order without a random gather, and each pass
/// scatters one stream per bucket instead of two. Digits every key shares are skipped. Large inputs are histogrammed
/// and scattered by several threads, each owning a contiguous chunk, so the result is identical to the serial sort.
/// </summary>
internal static class KeyValueRadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;
    private const int ParallelThreshold = 1 << 18;

    /// <summary>Sorts <paramref name="data"/>[..n] by key; returns true if the result is in <paramref name="scratch"/>.</summary>
    public static bool Sort(KeyValue[] data, KeyValue[] scratch, int n)
    {
        int threads = n >= ParallelThreshold ? Math.Clamp(Environment.ProcessorCount, 1, 8) : 1;
        var chunk = new int[threads + 1];
        for (int t = 0; t <= threads; t++) chunk[t] = (int)((long)n * t / threads);

        // Per-thread histograms of every digit, in one read of the data (digit counts do not depend on the order).
        var histograms = new int[threads * Passes * Buckets];
        Run(threads, t =>
        {
            var h = histograms.AsSpan(t * Passes * Buckets, Passes * Buckets);
            ref KeyValue d = ref MemoryMarshal.GetArrayDataReference(data);
            for (int i = chunk[t]; i < chunk[t + 1]; i++)
            {
                ulong k = Unsafe.Add(ref d, i).Key;
                for (int p = 0; p < Passes; p++) h[p * Buckets + (int)((k >> (p * DigitBits)) & (Buckets - 1))]++;
            }
        });
        var total = new int[Passes * Buckets];
        for (int t = 0; t < threads; t++)
            for (int j = 0; j < total.Length; j++) total[j] += histograms[t * Passes * Buckets + j];

        var passes = new List<int>(Passes);
        for (int p = 0; p < Passes; p++)
            if (total[p * Buckets + (int)((data[0].Key >> (p * DigitBits)) & (Buckets - 1))] != n) passes.Add(p);

        KeyValue[] src = data, dst = scratch;
        // counts[t][b]: keys of digit b in thread t's chunk of the current order (for the first pass: the input chunks).
        var counts = new int[threads * Buckets];
        var next = new int[threads * threads * Buckets];
        if (passes.Count > 0)
            for (int t = 0; t < threads; t++)
                histograms.AsSpan(t * Passes * Buckets + passes[0] * Buckets, Buckets).CopyTo(counts.AsSpan(t * Buckets, Buckets));
        var offsets = new int[threads * Buckets];
        for (int q = 0; q < passes.Count; q++)
        {
            int shift = passes[q] * DigitBits;
            int nextShift = q + 1 < passes.Count ? passes[q + 1] * DigitBits : -1;
            int sum = 0;
            for (int b = 0; b < Buckets; b++)
                for (int t = 0; t < threads; t++) { offsets[t * Buckets + b] = sum; sum += counts[t * Buckets + b]; }
            Array.Clear(next);
            var s = src;
            var o = dst;
            Run(threads, t =>
            {
                var off = offsets.AsSpan(t * Buckets, Buckets);
                ref KeyValue sr = ref MemoryMarshal.GetArrayDataReference(s);
                ref KeyValue dr = ref MemoryMarshal.GetArrayDataReference(o);
                if (nextShift < 0 || threads == 1)
                {
                    for (int i = chunk[t]; i < chunk[t + 1]; i++)
                    {
                        KeyValue kv = Unsafe.Add(ref sr, i);
                        Unsafe.Add(ref dr, off[(int)((kv.Key >> shift) & (Buckets - 1))]++) = kv;
                    }
                    return;
                }
                // Also count the next digit per destination chunk, so the next pass knows each thread's counts.
                var nx = next.AsSpan(t * threads * Buckets, threads * Buckets);
                int mid = chunk[1];
                for (int i = chunk[t]; i < chunk[t + 1]; i++)
                {
                    KeyValue kv = Unsafe.Add(ref sr, i);
                    int at = off[(int)((kv.Key >> shift) & (Buckets - 1))]++;
                    Unsafe.Add(ref dr, at) = kv;
                    int c = threads == 2 ? (at >= mid ? 1 : 0) : ChunkOf(chunk, at);
                    nx[c * Buckets + (int)((kv.Key >> nextShift) & (Buckets - 1))]++;
                }
            });
            if (nextShift >= 0)
            {
                if (threads == 1)
                {
                    total.AsSpan(passes[q + 1] * Buckets, Buckets).CopyTo(counts);
                }
                else
                {
                    Array.Clear(counts);
                    for (int t = 0; t < threads; t++)
                        for (int j = 0; j < threads * Buckets; j++) counts[j] += next[t * threads * Buckets + j];
                }
            }
            (src, dst) = (dst, src);
        }
        return passes.Count % 2 == 1;
    }

    private static int ChunkOf(int[] chunk, int position)
    {
        int t = 0;
        while (position >= chunk[t + 1]) t++;
        return t;
    }

    private static void Run(int threads, Action<int> body)
    {
        if (threads == 1) body(0);
        else Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }
}
