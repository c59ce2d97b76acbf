using BenchmarkDotNet.Attributes;
using MevAnalytics.Lut;

namespace MevAnalytics.Benchmarks.Lut;

/// <summary>
/// Calibrated lookup cost: resolved curve (target &lt;= 5 ns) and by key through the key index (target &lt;= 10 ns).
/// Each invocation does <see cref="Lookups"/> lookups. Min and median are shown because the machine is shared.
/// </summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class LutLookupBenchmarks
{
    private const int Lookups = 1024;
    private LutFile _file = null!;
    private readonly double[] _scores = new double[Lookups];

    [GlobalSetup]
    public void Setup()
    {
        _file = LutFile.FromBytes(LutBenchmarkTables.Calibration(segments: 200, grid: 1024));
        var random = new Random(1);
        for (int i = 0; i < Lookups; i++) _scores[i] = random.NextDouble() * 1.2 - 0.1; // some clip
    }

    [GlobalCleanup]
    public void Cleanup() => _file.Dispose();

    /// <summary>The hot path: the runtime resolves the segment once, then interpolates per score.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public double CalibrateResolvedSegment()
    {
        _file.Reader.TryGetCurve("route-0123"u8, out var curve);
        double sum = 0;
        foreach (double s in _scores) sum += curve.Calibrate(s);
        return sum;
    }

    /// <summary>Segment lookup by UTF-16 key on every call (UTF-8 conversion + binary search +
    /// interpolation).</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public double CalibrateByStringKey()
    {
        var reader = _file.Reader;
        double sum = 0;
        foreach (double s in _scores) sum += reader.Calibrate("route-0123", s);
        return sum;
    }

    /// <summary>String id by UTF-8 key alone (key index probe), to split the cost of a lookup by key.</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public int FindStringByUtf8Key()
    {
        var reader = _file.Reader;
        int sum = 0;
        for (int i = 0; i < Lookups; i++) sum += reader.FindString("route-0123"u8);
        return sum;
    }

    /// <summary>Curve view by UTF-8 key alone (probe + view), without interpolation.</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public double CurveByUtf8Key()
    {
        var reader = _file.Reader;
        double sum = 0;
        for (int i = 0; i < Lookups; i++)
        {
            reader.TryGetCurve("route-0123"u8, out var c);
            sum += c.XMin;
        }
        return sum;
    }

    /// <summary>Segment lookup by UTF-8 key on every call (binary search + interpolation).</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public double CalibrateByUtf8Key()
    {
        var reader = _file.Reader;
        double sum = 0;
        foreach (double s in _scores) sum += reader.Calibrate("route-0123"u8, s);
        return sum;
    }
}
