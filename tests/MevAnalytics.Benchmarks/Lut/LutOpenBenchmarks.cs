using BenchmarkDotNet.Attributes;
using MevAnalytics.Lut;

namespace MevAnalytics.Benchmarks.Lut;

/// <summary>Open + full validation (checksum, directory, strings, records) of a ~1 MB table
/// (target: &lt;= 1 ms).</summary>
[MemoryDiagnoser]
public class LutOpenBenchmarks
{
    private string _path = "";
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        // 256 curves of 160 knots (3.8 KB of sloped knots and their bucket index each): about 1 MB.
        _bytes = LutBenchmarkTables.Calibration(segments: 255, knots: 160, formatVersion: 2);
        _path = Path.Combine(Path.GetTempPath(), $"lut-bench-{Environment.ProcessId}.lut");
        File.WriteAllBytes(_path, _bytes);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>Memory-map the file, validate, unmap.</summary>
    [Benchmark]
    public int OpenMappedAndValidate()
    {
        using var file = LutFile.Open(_path);
        return file.Length;
    }

    /// <summary>Validation alone over bytes already in memory.</summary>
    [Benchmark]
    public int ValidateInMemory() => LutReader.Open(_bytes).SegmentCount;
}
