using System.Buffers.Binary;

namespace MevAnalytics.Lut.Tests;

/// <summary>
/// `lut export --format isot` against an ISOT reader written here from the legacy format's description alone
/// ("ISOT", u16 version, u32 n, f32 min, f32 max, n f32 values on the uniform grid min..max inclusive; clip, then
/// interpolate linearly between neighbours), compared with the lookup `lut lookup` prints.
/// </summary>
public class IsotExportTests
{
    /// <summary>The legacy runtime's reader, independent of <see cref="IsotCurveExport"/>.</summary>
    private sealed class LegacyIsotReader
    {
        private readonly float _min, _max;
        private readonly float[] _values;

        public LegacyIsotReader(byte[] file)
        {
            Assert.Equal("ISOT"u8.ToArray(), file[..4]);
            Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
            int n = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(6)));
            Assert.Equal(18 + 4 * n, file.Length);
            _min = BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(10));
            _max = BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(14));
            _values = new float[n];
            for (int i = 0; i < n; i++) _values[i] = BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(18 + 4 * i));
        }

        public int Bins => _values.Length;

        public double GridScore(int i) => _min + ((double)_max - _min) * i / (Bins - 1);

        public double Lookup(double score)
        {
            double s = score < _min ? _min : score > _max ? _max : score;
            double pos = (s - _min) / ((double)_max - _min) * (Bins - 1);
            int lo = (int)Math.Floor(pos);
            if (lo >= Bins - 1) return _values[Bins - 1];
            return _values[lo] + (_values[lo + 1] - (double)_values[lo]) * (pos - lo);
        }
    }

    /// <summary>A calibrate-job-like curve: 256-point grid, a score range not representable in float32, steep
    /// parts.</summary>
    private static LutFile Table(int formatVersion = 2)
    {
        var random = new Random(7);
        double y = 0.01;
        var knots = Enumerable.Range(0, 40)
            .Select(k => new CalibrationKnot(0.9826 * k / 39, y = Math.Min(0.97, y + random.NextDouble() * 0.05)))
            .ToArray();
        return LutFile.FromBytes(LutWriter.Write(new LutContent(SampleLuts.Header(LutTableKind.Calibration))
        {
            Calibration =
            [
                new("*", null, 1000, [new(0, 0.1), new(1, 0.5)]),
                new("jito-ny/3", null, 5000, knots),
            ],
        }, formatVersion));
    }

    private static IEnumerable<double> Scores()
    {
        var random = new Random(11);
        for (int i = 0; i < 20_000; i++) yield return -0.2 + 1.4 * random.NextDouble();
        yield return double.NegativeInfinity;
        yield return 0;
        yield return 0.9826;
        yield return 5;
    }

    [Fact]
    public void Default_export_of_a_grid_table_reads_back_as_its_lookup_at_every_score_within_float32_precision()
    {
        using var lut = Table(formatVersion: 1);
        Assert.True(lut.Reader.TryGetCurve("jito-ny/3", out var curve));
        int bins = IsotCurveExport.AlignedBins(curve);
        Assert.Equal(1021, bins); // 4 x 255 intervals + 1: every LUT grid point is an ISOT point
        var file = IsotCurveExport.Write(curve, bins);
        Assert.Equal(18 + 4 * bins, file.Length);
        var legacy = new LegacyIsotReader(file);
        double worst = 0;
        foreach (double x in Scores())
        {
            // what `lut lookup --segment jito-ny/3 --score x` prints
            double expected = lut.Reader.Calibrate("jito-ny/3", x);
            double got = legacy.Lookup(x);
            worst = Math.Max(worst, Math.Abs(got - expected));
            Assert.True(Math.Abs(got - expected) <= 1e-6, $"score {x}: isot {got}, lookup {expected}");
        }
        Assert.True(worst > 0,
            "float32 rounding should show somewhere: the comparison would not notice a broken reader");
        Assert.True(IsotCurveExport.MaxAbsDeviation(curve, file) <= 1e-6);
    }

    [Fact]
    public void An_unaligned_bin_count_is_exact_at_its_grid_points_and_reports_its_error_in_between()
    {
        using var lut = Table();
        Assert.True(lut.Reader.TryGetCurve("jito-ny/3", out var curve));
        var file = IsotCurveExport.Write(curve, 1000);
        Assert.Equal(18 + 4 * 1000, file.Length);
        var legacy = new LegacyIsotReader(file);
        for (int i = 0; i < legacy.Bins; i++)
        {
            double x = legacy.GridScore(i);
            Assert.True(Math.Abs(legacy.Lookup(x) - curve.Calibrate(x)) <= 1e-6, $"grid point {i}");
        }
        // The reported max deviation is exact: no dense sample exceeds it, and the densest sample comes close.
        double reported = IsotCurveExport.MaxAbsDeviation(curve, file), dense = 0;
        for (int i = 0; i <= 200_000; i++)
        {
            double x = 0.9826 * i / 200_000;
            dense = Math.Max(dense, Math.Abs(legacy.Lookup(x) - curve.Calibrate(x)));
        }
        Assert.True(dense <= reported + 1e-9, $"dense {dense} > reported {reported}");
        Assert.True(dense >= reported * 0.95, $"dense {dense} far below reported {reported}");
        Assert.True(reported > 1e-4, "an unaligned grid really does differ between samples");
    }

    [Fact]
    public void Export_resolves_the_key_like_lookup_and_rejects_fallback_only_segments()
    {
        using var lut = Table();
        Assert.True(lut.Reader.TryGetCurve("unknown/1", out var star));
        Assert.Equal("*", star.Key);
        var legacy = new LegacyIsotReader(IsotCurveExport.Write(star, IsotCurveExport.AlignedBins(star)));
        Assert.Equal(lut.Reader.Calibrate("unknown/1", 0.3), legacy.Lookup(0.3), 6);
        using var mixed = LutFile.FromBytes(LutWriter.Write(SampleLuts.Mixed()));
        int last = mixed.Reader.SegmentCount - 1;
        Assert.False(mixed.Reader.SegmentAt(last).HasCurve); // "orphan": no knots, no parent
        Assert.Throws<ArgumentException>(() => IsotCurveExport.Write(mixed.Reader.SegmentAt(last)));
    }
}
