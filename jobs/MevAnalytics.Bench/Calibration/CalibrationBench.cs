using System.Diagnostics;
using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Bench.Calibration;

/// <summary>
/// Pure core of <c>mev bench calibrate</c>: deterministic p_land-like data and a timed exact fit.
/// The CLI writes <see cref="Data.X"/>/<see cref="Data.Y"/> as raw little-endian float64 (x then y) for
/// scripts/sklearn/isotonic_bench.py and compares.
/// </summary>
public static class CalibrationBench
{
    /// <summary>Benchmark rows: score x in [0,1), label y ~ Bernoulli(x^2).</summary>
    public sealed record Data(double[] X, double[] Y);

    /// <summary>Outcome of one timed fit.</summary>
    /// <param name="Rows">Rows fitted.</param>
    /// <param name="Seconds">Wall time of the fit.</param>
    /// <param name="AllocatedBytes">Bytes allocated by the fit on the calling thread.</param>
    /// <param name="Knots">Knots of the result.</param>
    public sealed record Result(int Rows, double Seconds, long AllocatedBytes, int Knots)
    {
        /// <summary>Allocated bytes per row.</summary>
        public double BytesPerRow => (double)AllocatedBytes / Rows;
    }

    /// <summary>Generates <paramref name="rows"/> rows from <paramref name="seed"/> with SplitMix64 (stable across
    /// runtimes).</summary>
    public static Data Generate(int rows, ulong seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var x = new double[rows];
        var y = new double[rows];
        ulong s = seed;
        for (int i = 0; i < rows; i++)
        {
            double u = Uniform(ref s), v = Uniform(ref s);
            x[i] = u;
            y[i] = v < u * u ? 1.0 : 0.0;
        }
        return new Data(x, y);
    }

    /// <summary>Times one exact fit of <paramref name="data"/> (non-decreasing, clipped to [0,1]).</summary>
    public static (Result Result, IsotonicModel Model) Run(Data data)
    {
        var constraints = new IsotonicConstraints { YMin = 0, YMax = 1 };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        var model = IsotonicFit.Fit(data.X, data.Y, default, constraints);
        sw.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (new Result(data.X.Length, sw.Elapsed.TotalSeconds, allocated, model.XThresholds.Length), model);
    }

    private static double Uniform(ref ulong state)
    {
        ulong z = state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
