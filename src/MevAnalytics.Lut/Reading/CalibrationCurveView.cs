using System.Runtime.CompilerServices;
using System.Text;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;

namespace MevAnalytics.Lut;

/// <summary>Zero-copy view of one calibration segment: its record, grid and knots inside the file.</summary>
public readonly ref struct CalibrationCurveView
{
    private readonly ReadOnlySpan<byte> _record;
    private readonly ReadOnlySpan<byte> _grid;
    private readonly ReadOnlySpan<byte> _knots;
    private readonly double _xMin;
    private readonly double _scale;
    private readonly int _last;

    internal CalibrationCurveView(int index, ReadOnlySpan<byte> record, ReadOnlySpan<byte> gridSection, ReadOnlySpan<byte> knotSection, ReadOnlySpan<byte> key)
    {
        Index = index;
        KeyUtf8 = key;
        _record = record;
        _grid = gridSection.Slice((int)U32(record, 40) * LutFormat.GridElementSize, (int)U32(record, 44) * LutFormat.GridElementSize);
        _knots = knotSection.Slice((int)U32(record, 48) * LutFormat.KnotSize, (int)U32(record, 52) * LutFormat.KnotSize);
        _xMin = F64(record, 16);
        _scale = F64(record, 32);
        _last = (int)U32(record, 44) - 1;
    }

    /// <summary>Row index in the segments section.</summary>
    public int Index { get; }

    /// <summary>Segment key as stored (UTF-8).</summary>
    public ReadOnlySpan<byte> KeyUtf8 { get; }

    /// <summary>Segment key (allocates).</summary>
    public string Key => Encoding.UTF8.GetString(KeyUtf8);

    /// <summary>Row index of the fallback parent, or -1.</summary>
    public int ParentIndex => U32(_record, 4) is var p && p == LutFormat.None ? -1 : (int)p;

    /// <summary>Rows the fit used.</summary>
    public long SampleCount => (long)U64(_record, 8);

    /// <summary>Lowest grid score.</summary>
    public double XMin => _xMin;

    /// <summary>Highest grid score.</summary>
    public double XMax => F64(_record, 24);

    /// <summary>(G - 1) / (XMax - XMin) as stored.</summary>
    public double Scale => _scale;

    /// <summary>Grid points G (0 for a fallback-only segment).</summary>
    public int GridCount => _last + 1;

    /// <summary>False for a fallback-only segment.</summary>
    public bool HasCurve => _last >= 1;

    /// <summary>Grid value i.</summary>
    public float GridValue(int i) => F32(_grid, i * LutFormat.GridElementSize);

    /// <summary>Score of grid point i.</summary>
    public double GridX(int i) => _xMin + (XMax - _xMin) * i / _last;

    /// <summary>Number of exact knots.</summary>
    public int KnotCount => _knots.Length / LutFormat.KnotSize;

    /// <summary>Knot i.</summary>
    public CalibrationKnot Knot(int i) => new(F64(_knots, i * LutFormat.KnotSize), F64(_knots, i * LutFormat.KnotSize + 8));

    /// <summary>O(1) interpolated grid lookup with clipping (spec section 6); NaN scores give the first value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Calibrate(double score)
    {
        if (_last < 1) ThrowNoCurve();
        double t = (score - _xMin) * _scale;
        if (!(t > 0)) return F32(_grid, 0);
        if (t >= _last) return F32(_grid, _last * LutFormat.GridElementSize);
        int i = (int)t;
        double f = t - i;
        double g0 = F32(_grid, i * LutFormat.GridElementSize);
        double g1 = F32(_grid, i * LutFormat.GridElementSize + LutFormat.GridElementSize);
        return g0 + (g1 - g0) * f;
    }

    private static void ThrowNoCurve() => throw new InvalidOperationException("segment is fallback-only (no grid); resolve it through LutReader.TryGetCurve");
}
