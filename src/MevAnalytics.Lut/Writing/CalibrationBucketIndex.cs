using System.Numerics;

namespace MevAnalytics.Lut;

/// <summary>
/// The bucket index of a format-2 curve (spec section 6): B uniform buckets over [x_0, x_{n-1}], bucket b pointing at
/// the last knot whose own bucket is before b, so a lookup starts at a knot at or below its score and steps forward
/// over the few knots of its bucket. The writer sizes B so that a lookup takes at most one step on average (for a
/// score uniform over the range, and for a score uniform within a uniformly chosen knot interval).
/// </summary>
public static class CalibrationBucketIndex
{
    /// <summary>At most this many buckets per knot interval: the doubling stops there even if the expected steps
    /// are still above one (knots packed closer than any bucket, e.g. an isotonic jump).</summary>
    public const int MaxBucketsPerInterval = 16;

    /// <summary>At most this many buckets per curve (16 MiB of index).</summary>
    public const int MaxBuckets = 1 << 22;

    /// <summary>The bucket count the writer uses for knots <paramref name="x"/>: the smallest power of two at least
    /// the number of knot intervals with at most one expected step, up to the caps.</summary>
    public static int Size(ReadOnlySpan<double> x)
    {
        int intervals = Math.Max(1, x.Length - 1);
        long cap = (long)Math.Min(MaxBuckets,
            BitOperations.RoundUpToPowerOf2((ulong)intervals * MaxBucketsPerInterval));
        int buckets = (int)Math.Min(cap, BitOperations.RoundUpToPowerOf2((uint)intervals));
        while (buckets < cap)
        {
            var steps = ExpectedSteps(x, buckets);
            if (steps.Uniform <= 1 && steps.PerInterval <= 1) break;
            buckets *= 2;
        }
        return buckets;
    }

    /// <summary>(B) / (x_{n-1} - x_0) in f64: the factor from score to bucket, as stored in the segment.</summary>
    public static double Scale(ReadOnlySpan<double> x, int buckets) => buckets / (x[^1] - x[0]);

    /// <summary>The bucket of <paramref name="score"/> (x_0 &lt;= score): floor((score - x_0) * scale), at most
    /// B - 1; the lookups' own arithmetic.</summary>
    public static int Of(double score, double x0, double scale, int buckets)
    {
        double t = (score - x0) * scale;
        return t >= buckets ? buckets - 1 : (int)t;
    }

    /// <summary>Fills <paramref name="index"/> (B entries): entry b is the last knot whose bucket is before b (0 when
    /// none), so every score of bucket b lies at or above it.</summary>
    public static void Fill(ReadOnlySpan<double> x, int buckets, Span<uint> index)
    {
        double scale = Scale(x, buckets);
        int k = 0; // knots [0, k) have a bucket before b
        for (int b = 0; b < buckets; b++)
        {
            while (k < x.Length && Of(x[k], x[0], scale, buckets) < b) k++;
            index[b] = (uint)Math.Max(0, k - 1);
        }
    }

    /// <summary>Forward steps of a lookup, expected for a score uniform over [x_0, x_{n-1}] and for a score uniform
    /// within a uniformly chosen knot interval of positive width, and the most any score takes.</summary>
    public static (double Uniform, double PerInterval, int Max) ExpectedSteps(ReadOnlySpan<double> x, int buckets)
    {
        var index = new uint[buckets];
        Fill(x, buckets, index);
        double x0 = x[0], range = x[^1] - x0, width = range / buckets, scale = Scale(x, buckets);
        double uniform = 0, perInterval = 0;
        int max = 0, intervals = 0;
        for (int j = 0; j + 1 < x.Length; j++)
        {
            double lo = x[j], hi = x[j + 1];
            if (!(hi > lo)) continue;
            intervals++;
            // Scores in [lo, hi) stop at knot j (the last at or below them), started from the index of their bucket.
            int first = Of(lo, x0, scale, buckets), last = Of(Math.BitDecrement(hi), x0, scale, buckets);
            double within = 0;
            for (int b = first; b <= last; b++)
            {
                double from = Math.Max(lo, x0 + b * width), to = Math.Min(hi, x0 + (b + 1) * width);
                if (!(to > from)) continue;
                int steps = j - (int)index[b];
                max = Math.Max(max, steps);
                within += (to - from) * steps;
            }
            uniform += within / range;
            perInterval += within / (hi - lo);
        }
        return (uniform, intervals == 0 ? 0 : perInterval / intervals, max);
    }
}
