using System.Buffers;
using System.Runtime.CompilerServices;
namespace MevAnalytics.Calibration.Metrics;

/// <summary>
/// Reliability binning of probability forecasts and the calibration errors it defines:
/// ECE = sum over bins of (bin weight share) x |mean forecast - observed frequency|, MCE = the largest such gap.
/// Bin assignment follows scikit-learn's <c>calibration_curve</c>: a forecast on an interior edge goes to the lower
/// bin.
/// </summary>
public sealed class ReliabilityDiagram
{
    private ReliabilityDiagram(double[] edges, ReliabilityBin[] bins, double ece, double mce)
    {
        Edges = edges;
        Bins = bins;
        ExpectedCalibrationError = ece;
        MaximumCalibrationError = mce;
    }

    /// <summary>Bin edges, length bins + 1 (equal-mass edges may repeat when forecasts have ties).</summary>
    public IReadOnlyList<double> Edges { get; }

    /// <summary>Non-empty bins in edge order.</summary>
    public IReadOnlyList<ReliabilityBin> Bins { get; }

    /// <summary>ECE, weighted by bin weight.</summary>
    public double ExpectedCalibrationError { get; }

    /// <summary>MCE, the largest gap over non-empty bins.</summary>
    public double MaximumCalibrationError { get; }

    /// <summary>Bins forecasts <paramref name="p"/> (in [0,1]) against binary labels <paramref name="y"/>.</summary>
    /// <param name="p">Forecasts, finite, in [0, 1].</param>
    /// <param name="y">Labels (0/1, or frequencies in [0,1]).</param>
    /// <param name="weights">Row weights, or empty for ones. Equal-mass edges use unweighted quantiles.</param>
    /// <param name="binCount">Number of bins, at least 1.</param>
    /// <param name="strategy">Edge placement.</param>
    public static ReliabilityDiagram Compute(ReadOnlySpan<double> p, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights, int binCount, BinningStrategy strategy)
    {
        RequireBins(binCount);
        ProbabilityInput.Validate(p, y, weights);
        return OfValidated(p, y, weights, binCount, strategy);
    }

    /// <summary>Throws unless there is at least one bin.</summary>
    internal static void RequireBins(int binCount)
    {
        if (binCount < 1)
            throw new ArgumentOutOfRangeException(nameof(binCount), binCount, "binCount must be at least 1.");
    }

    /// <summary><see cref="Compute"/> of input already validated (<see cref="ProbabilityInput.Validate"/>) and a
    /// bin count of at least 1: <see cref="ProbabilityMetrics"/> checks its columns once for all its metrics.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ReliabilityDiagram OfValidated(ReadOnlySpan<double> p, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights, int binCount, BinningStrategy strategy) =>
        OfValidated(p, y, weights, binCount, strategy,
            strategy == BinningStrategy.EqualWidth ? EqualWidthEdges(binCount) : EqualMassEdges(p, binCount));

    /// <summary><see cref="OfValidated(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, int,
    /// BinningStrategy)"/> with the edges already placed (equal-mass edges from a sorted copy the caller
    /// has).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ReliabilityDiagram OfValidated(ReadOnlySpan<double> p, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights, int binCount, BinningStrategy strategy, double[] edges)
    {
        var count = new long[binCount];
        var wsum = new double[binCount];
        var psum = new double[binCount];
        var ysum = new double[binCount];
        var interior = edges.AsSpan(1, binCount - 1);
        bool equalWidth = strategy == BinningStrategy.EqualWidth;
        for (int i = 0; i < p.Length; i++)
        {
            int b = equalWidth ? NearGuess(interior, p[i], (int)(p[i] * binCount)) : LowerBound(interior, p[i]);
            double w = weights.IsEmpty ? 1.0 : weights[i];
            count[b]++;
            wsum[b] += w;
            psum[b] += w * p[i];
            ysum[b] += w * y[i];
        }
        double total = 0;
        foreach (double w in wsum) total += w;
        var bins = new List<ReliabilityBin>(binCount);
        double ece = 0, mce = 0;
        for (int b = 0; b < binCount; b++)
        {
            if (count[b] == 0 || wsum[b] <= 0) continue;
            var bin = new ReliabilityBin(count[b], wsum[b], psum[b] / wsum[b], ysum[b] / wsum[b]);
            bins.Add(bin);
            double gap = Math.Abs(bin.MeanForecast - bin.ObservedFrequency);
            ece += wsum[b] / total * gap;
            mce = Math.Max(mce, gap);
        }
        return new ReliabilityDiagram(edges, bins.ToArray(), ece, mce);
    }

    /// <summary>numpy <c>linspace(0, 1, bins + 1)</c>.</summary>
    internal static double[] EqualWidthEdges(int binCount)
    {
        var e = new double[binCount + 1];
        double step = 1.0 / binCount;
        for (int i = 0; i < binCount; i++) e[i] = i * step;
        e[binCount] = 1.0;
        return e;
    }

    /// <summary>numpy <c>percentile(p, linspace(0, 1, bins + 1) * 100)</c> with the default linear method, operation
    /// for operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double[] EqualMassEdges(ReadOnlySpan<double> p, int binCount)
    {
        var (a, b) = (ArrayPool<double>.Shared.Rent(p.Length), ArrayPool<double>.Shared.Rent(p.Length));
        try { return EdgesOfSorted(RunMergeSort.Sort(p, a, b), binCount); }
        finally
        {
            ArrayPool<double>.Shared.Return(a);
            ArrayPool<double>.Shared.Return(b);
        }
    }

    /// <summary>Equal-mass edges of forecasts given in ascending order.</summary>
    internal static double[] EdgesOfSorted(ReadOnlySpan<double> sorted, int binCount)
    {
        var q = EqualWidthEdges(binCount);
        var e = new double[binCount + 1];
        int n = sorted.Length;
        for (int i = 0; i <= binCount; i++)
        {
            double quantile = q[i] * 100 / 100;
            double virtualIndex = (n - 1) * quantile;
            double previous = Math.Floor(virtualIndex);
            int lo = (int)Math.Clamp(previous, 0, n - 1);
            int hi = (int)Math.Clamp(previous + 1, 0, n - 1);
            double gamma = virtualIndex - previous;
            double a = sorted[lo], b = sorted[hi];
            double diff = b - a;
            e[i] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
        }
        return e;
    }

    /// <summary><see cref="LowerBound"/> from a guess within a step or two of the answer (equal-width edges: the bin
    /// of v is about v x bins), so most rows take two comparisons instead of a binary search.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NearGuess(ReadOnlySpan<double> sortedEdges, double v, int guess)
    {
        int b = Math.Clamp(guess, 0, sortedEdges.Length);
        while (b > 0 && !(sortedEdges[b - 1] < v)) b--;
        while (b < sortedEdges.Length && sortedEdges[b] < v) b++;
        return b;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int LowerBound(ReadOnlySpan<double> sortedEdges, double v)
    {
        int lo = 0, hi = sortedEdges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sortedEdges[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
