using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// The first pass of the unweighted exact fit: each part of the rows counted into buckets of equal score width, and
/// the <see cref="RowProfile"/> of the rows measured on the way. The bucket of x is monotone in x (each step of
/// <see cref="Of(double)"/> is), so bucket order is score order whatever the widths; the range comes from a sample of
/// the rows, and scores outside it go to the end buckets, which the per-bucket sort then splits further.
/// </summary>
internal sealed class SortBuckets
{
    private const int SampleRows = 4096;
    private readonly double _low;
    private readonly double _scale;
    private readonly int _last;

    private SortBuckets(int count, double low, double scale, int[] partCounts, RowProfile profile)
    {
        Count = count;
        _low = low;
        _scale = scale;
        _last = count - 1;
        PartCounts = partCounts;
        Profile = profile;
    }

    /// <summary>Number of buckets.</summary>
    public int Count { get; }

    /// <summary>Rows per (part, bucket): part t's count of bucket b at t * <see cref="Count"/> + b.</summary>
    public int[] PartCounts { get; }

    /// <summary>What the pass saw of the rows.</summary>
    public RowProfile Profile { get; }

    /// <summary>Bucket of score <paramref name="x"/>; halves keep the arithmetic finite for any finite score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Of(double x) => Math.Clamp((int)((x * 0.5 - _low) * _scale), 0, _last);

    /// <summary>
    /// <see cref="Of(double)"/> of four scores (the same arithmetic, clamped before the conversion, which is then
    /// exact); a NaN lands in bucket 0 as it does there. Needs <see cref="Avx"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<int> Of(Vector256<double> x)
    {
        var t = (x * 0.5 - Vector256.Create(_low)) * Vector256.Create(_scale);
        t = Vector256.Min(Vector256.Max(t, Vector256<double>.Zero), Vector256.Create((double)_last));
        return Vector128.Max(Avx.ConvertToVector128Int32WithTruncation(t), Vector128<int>.Zero);
    }

    /// <summary>Counts <paramref name="x"/> per part and bucket and profiles (x, y) in one parallel pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe SortBuckets Measure(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ParallelParts parts)
    {
        int n = x.Length;
        // About 250 records (4 KB of 16-byte records) per bucket: one bucket sorts in L1.
        int count = n > 1 << 22 ? 1 << 14 : 1 << 12;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int k = 0; k < Math.Min(n, SampleRows); k++)
        {
            double v = x[(int)((long)k * n / Math.Min(n, SampleRows))];
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        double low = min * 0.5, scale = count * (1 - 1e-9) / (max * 0.5 - low);
        if (!double.IsFinite(scale)) scale = double.MaxValue; // one sampled value, or a subnormal width
        var counts = new int[parts.Count * count];
        var profiles = new RowProfile[parts.Count];
        var buckets = new SortBuckets(count, low, scale, counts, default);
        fixed (double* px = x, py = y)
        {
            // Spans cannot enter the worker lambdas; the pinned addresses can.
            nint xa = (nint)px, ya = (nint)py;
            ParallelParts.Run(parts.Count, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
            {
                var h = counts.AsSpan(t * count, count);
                profiles[t] = RowProfile.Measure((double*)xa, (double*)ya, parts.Start(t), parts.Start(t + 1),
                    buckets, h);
            });
        }
        return new SortBuckets(count, low, scale, counts, RowProfile.Merge(profiles));
    }
}
