using BenchmarkDotNet.Attributes;
using MevAnalytics.Bench.Calibration;
using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Benchmarks.Calibration;

/// <summary>Exact isotonic fit of p_land-like rows (unsorted input: the sort is included). Allocated bytes / Rows =
/// bytes per row.</summary>
[MemoryDiagnoser]
public class IsotonicFitBenchmark
{
    private CalibrationBench.Data _data = null!;

    /// <summary>Rows fitted.</summary>
    [Params(1_000_000, 10_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup() => _data = CalibrationBench.Generate(Rows, seed: 42);

    [Benchmark]
    public IsotonicModel ExactFit() =>
        IsotonicFit.Fit(_data.X, _data.Y, default, new IsotonicConstraints { YMin = 0, YMax = 1 });
}
