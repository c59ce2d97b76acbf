using System.Runtime.CompilerServices;
namespace MevAnalytics.Calibration.Metrics;

/// <summary>
/// Sorted copies of forecasts that mostly come in ascending runs: a monotone curve applied to rows sorted by score
/// per route and arm gives one run per group, so merging the runs (a few passes) replaces a full sort. Values
/// with more runs than one per <see cref="RowsPerRun"/> values are sorted as unordered data.
/// </summary>
internal static class RunMergeSort
{
    private const int RowsPerRun = 16;

    /// <summary>
    /// The values in ascending order (finite values; equal values in any order), in one of the two buffers, each at
    /// least as long as the values: the span returned lies in <paramref name="a"/> or <paramref name="b"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<double> Sort(ReadOnlySpan<double> values, double[] a, double[] b)
    {
        int n = values.Length;
        if (a.Length < n || b.Length < n)
            throw new ArgumentException($"buffers of {a.Length} and {b.Length} values for {n} values");
        values.CopyTo(a);
        var starts = new List<int> { 0 };
        for (int i = 1; i < n; i++)
        {
            if (a[i] >= a[i - 1]) continue;
            starts.Add(i);
            if (starts.Count > n / RowsPerRun + 1)
            {
                a.AsSpan(0, n).Sort();
                return a.AsSpan(0, n);
            }
        }
        if (starts.Count == 1) return a.AsSpan(0, n);
        starts.Add(n);
        var (src, dst) = (a, b);
        while (starts.Count > 2)
        {
            var merged = new List<int>(starts.Count / 2 + 2) { 0 };
            for (int r = 0; r + 1 < starts.Count; r += 2)
            {
                int lo = starts[r], mid = starts[r + 1], hi = r + 2 < starts.Count ? starts[r + 2] : mid;
                Merge(src, lo, mid, hi, dst);
                merged.Add(hi);
            }
            (src, dst) = (dst, src);
            starts = merged;
        }
        return src.AsSpan(0, n);
    }

    /// <summary>Merges the sorted ranges [lo, mid) and [mid, hi) of <paramref name="src"/> into
    /// <paramref name="dst"/>[lo, hi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Merge(double[] src, int lo, int mid, int hi, double[] dst)
    {
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi) dst[k++] = src[j] < src[i] ? src[j++] : src[i++];
        while (i < mid) dst[k++] = src[i++];
        while (j < hi) dst[k++] = src[j++];
    }
}
