using MevAnalytics.Calibration.Metrics;

namespace MevAnalytics.Calibration.Tests.Metrics;

/// <summary>The run-merging sort of the equal-mass bin edges against <see cref="Array.Sort(Array)"/>.</summary>
public class RunMergeSortTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 5_000)]
    [InlineData(4, 7_777)]
    [InlineData(30, 100_000)]
    [InlineData(31, 100_001)]
    public void Ascending_runs_merge_to_the_sorted_values(int runs, int n)
    {
        var rng = new Random(runs * 1000 + n);
        var values = new double[n];
        int start = 0;
        for (int r = 0; r < Math.Max(runs, 1); r++)
        {
            int end = r == Math.Max(runs, 1) - 1 ? n : Math.Min(n, start + rng.Next(0, 2 * n / Math.Max(runs, 1) + 1));
            double v = rng.NextDouble() * 0.1;
            for (int i = start; i < end; i++) values[i] = v += rng.Next(3) == 0 ? 0 : rng.NextDouble() * 1e-3;
            start = end;
        }
        AssertSortedLikeArraySort(values);
    }

    [Fact]
    public void Unordered_values_and_ties_sort_like_array_sort()
    {
        var rng = new Random(7);
        AssertSortedLikeArraySort(Enumerable.Range(0, 50_000).Select(_ => rng.NextDouble()).ToArray());
        AssertSortedLikeArraySort(Enumerable.Range(0, 50_000).Select(i => (double)(i % 17)).ToArray());
        AssertSortedLikeArraySort(Enumerable.Range(0, 1_000).Select(i => 1.0 - i / 1000.0).ToArray());
    }

    private static void AssertSortedLikeArraySort(double[] values)
    {
        var expected = values.ToArray();
        Array.Sort(expected);
        var input = values.ToArray();
        // Buffers longer than the values, with garbage beyond them (as pooled arrays have).
        var a = Enumerable.Repeat(-1.0, values.Length + 7).ToArray();
        var b = Enumerable.Repeat(-2.0, values.Length + 3).ToArray();
        var sorted = RunMergeSort.Sort(values, a, b).ToArray();
        Assert.Equal(expected, sorted);
        Assert.Equal(input, values); // into the buffers: the input is left as it was
        Assert.Throws<ArgumentException>(() => RunMergeSort.Sort(values, a, new double[values.Length - 1]));
    }
}
