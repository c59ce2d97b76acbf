using BenchmarkDotNet.Attributes;
using MevAnalytics.Lut;

namespace MevAnalytics.Benchmarks.Lut;

/// <summary>
/// Calibrated lookup cost of format 2 (the knots through a bucket index, equal to the fit) against format 1 (the
/// 256-point f32 grid, the baseline) on the same curves: resolved curve (target &lt;= 1.5x the grid and &lt;= 5 ns)
/// and by key through the key index (target &lt;= 10 ns). Each invocation does <see cref="Lookups"/> lookups. Min and
/// median are shown because the machine is shared.
/// </summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class LutLookupBenchmarks
{
    private const int Lookups = 1024;
    private LutFile _knots = null!;
    private LutFile _grid = null!;
    private readonly double[] _scores = new double[Lookups];

    [GlobalSetup]
    public void Setup()
    {
        _knots = LutFile.FromBytes(LutBenchmarkTables.Calibration(segments: 200, knots: 160, formatVersion: 2));
        _grid = LutFile.FromBytes(LutBenchmarkTables.Calibration(segments: 200, knots: 160, formatVersion: 1));
        _knots.Reader.TryGetCurve("route-0123"u8, out var c);
        var random = new Random(1);
        double span = c.XMax - c.XMin;
        for (int i = 0; i < Lookups; i++) _scores[i] = c.XMin - 0.1 * span + 1.2 * span * random.NextDouble();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _knots.Dispose();
        _grid.Dispose();
    }

    /// <summary>The hot path on format 1: the segment resolved once, then the grid interpolated per score.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public double GridResolvedSegment() => Resolved(_grid);

    /// <summary>The hot path on format 2: the segment resolved once, then bucket, step and knot
    /// interpolation.</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public double KnotsResolvedSegment() => Resolved(_knots);

    /// <summary>Format 1 by UTF-8 key on every call (key index probe + grid interpolation).</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public double GridByUtf8Key() => ByUtf8Key(_grid);

    /// <summary>Format 2 by UTF-8 key on every call (key index probe + knot lookup).</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public double KnotsByUtf8Key() => ByUtf8Key(_knots);

    /// <summary>Format 2 by UTF-16 key on every call (UTF-8 conversion + probe + knot lookup).</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public double KnotsByStringKey()
    {
        var reader = _knots.Reader;
        double sum = 0;
        foreach (double s in _scores) sum += reader.Calibrate("route-0123", s);
        return sum;
    }

    /// <summary>String id by UTF-8 key alone (key index probe), to split the cost of a lookup by key.</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public int FindStringByUtf8Key()
    {
        var reader = _knots.Reader;
        int sum = 0;
        for (int i = 0; i < Lookups; i++) sum += reader.FindString("route-0123"u8);
        return sum;
    }

    private double Resolved(LutFile file)
    {
        file.Reader.TryGetCurve("route-0123"u8, out var curve);
        double sum = 0;
        foreach (double s in _scores) sum += curve.Calibrate(s);
        return sum;
    }

    private double ByUtf8Key(LutFile file)
    {
        var reader = file.Reader;
        double sum = 0;
        foreach (double s in _scores) sum += reader.Calibrate("route-0123"u8, s);
        return sum;
    }
}
