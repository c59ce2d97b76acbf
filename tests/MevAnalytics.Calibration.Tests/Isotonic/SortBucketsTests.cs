using System.Runtime.Intrinsics;
using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Calibration.Tests.Isotonic;

/// <summary>
/// The measuring pass (four rows at a time where the CPU allows) against the plain per-row definition: the same
/// bucket counts and the same profile, on awkward values (signed zeros, infinities, NaN, subnormals, scores far
/// outside the sampled range) and lengths that are not a multiple of four.
/// </summary>
public class SortBucketsTests
{
    [Theory]
    [InlineData(7, 1)]
    [InlineData(1_003, 2)]
    [InlineData(300_001, 3)] // several parts
    public void Measured_counts_and_profile_equal_the_per_row_definition(int n, int seed)
    {
        var rng = new Random(seed);
        double[] odd = [0.0, -0.0, double.Epsilon, -double.Epsilon, 1e300, -1e300, double.PositiveInfinity,
            double.NegativeInfinity, double.NaN, 0.5];
        foreach (var (oddX, oddY) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            bool awkward = oddX || oddY;
            var x = new double[n];
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = oddX && i % 97 == 5 ? odd[rng.Next(odd.Length)] : rng.NextDouble() * 2 - 0.5;
                y[i] = oddY && i % 89 == 3 ? odd[rng.Next(odd.Length)] : rng.Next(2);
            }
            if (oddX) x[n / 2] = double.NaN; // surely not all finite
            if (oddY) y[n / 3] = double.PositiveInfinity; // surely neither all finite nor all 0/1
            var parts = new ParallelParts(n);
            var buckets = SortBuckets.Measure(x, y, parts);

            var counts = new int[buckets.Count];
            ulong any = 0, all = ~0UL;
            bool binary = true, finite = true;
            for (int i = 0; i < n; i++)
            {
                counts[buckets.Of(x[i])]++;
                ulong k = KeyIndexRadixSort.ToKey(x[i]);
                (any, all) = (any | k, all & k);
                binary &= BitConverter.DoubleToUInt64Bits(y[i]) is 0 or 0x3FF0_0000_0000_0000UL;
                finite &= double.IsFinite(x[i]) && double.IsFinite(y[i]);
            }
            var measured = new int[buckets.Count];
            for (int t = 0; t < parts.Count; t++)
                for (int b = 0; b < buckets.Count; b++) measured[b] += buckets.PartCounts[t * buckets.Count + b];
            Assert.Equal(counts, measured);
            Assert.Equal(new RowProfile(any, all, binary, finite), buckets.Profile);
            Assert.Equal(!oddY, buckets.Profile.BinaryValues);
            Assert.Equal(!awkward, buckets.Profile.Finite);
        }
    }

    [Fact]
    public void Four_keys_at_once_equal_one_at_a_time()
    {
        double[] values = [0.0, -0.0, double.Epsilon, -double.Epsilon, 1e300, -1e300, double.PositiveInfinity,
            double.NegativeInfinity, 0.5, -0.5, 1.0, -2.5];
        for (int i = 0; i + 4 <= values.Length; i++)
        {
            var keys = KeyIndexRadixSort.ToKey(Vector256.Create(values.AsSpan(i, 4)));
            for (int l = 0; l < 4; l++) Assert.Equal(KeyIndexRadixSort.ToKey(values[i + l]), keys.GetElement(l));
        }
    }
}
