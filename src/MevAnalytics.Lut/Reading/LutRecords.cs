using static MevAnalytics.Lut.LutSpan;

namespace MevAnalytics.Lut;

/// <summary>A zero-copy view of one fixed-size record of a keyed section, built from the record and the string
/// table (which resolves its string refs).</summary>
/// <typeparam name="TSelf">The view.</typeparam>
internal interface ILutRecordView<TSelf> where TSelf : ILutRecordView<TSelf>, allows ref struct
{
    /// <summary>Bytes per record.</summary>
    static abstract int Size { get; }

    /// <summary>The view of <paramref name="record"/>.</summary>
    static abstract TSelf Create(ReadOnlySpan<byte> record, ReadOnlySpan<byte> strings);
}

/// <summary>
/// The rows of one keyed record section (arms, latency, phases, hedges): count, row i as its view, and the search of a
/// key among rows sorted by their leading u32 columns. The shape every such section shares, written once.
/// </summary>
internal readonly ref struct LutRecords<TView> where TView : ILutRecordView<TView>, allows ref struct
{
    private readonly ReadOnlySpan<byte> _rows;
    private readonly ReadOnlySpan<byte> _strings;

    public LutRecords(ReadOnlySpan<byte> rows, ReadOnlySpan<byte> strings)
    {
        _rows = rows;
        _strings = strings;
    }

    /// <summary>Rows in the section (0 when it is absent).</summary>
    public int Count => _rows.Length / TView.Size;

    /// <summary>Row <paramref name="index"/>.</summary>
    public TView At(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        return TView.Create(_rows.Slice(index * TView.Size, TView.Size), _strings);
    }

    /// <summary>The row whose leading u32 equals <paramref name="a"/>, or -1.</summary>
    public int Find(uint a) => Find(a, 0, 0, columns: 1);

    /// <summary>The row whose leading (u32, u32) equals the pair, or -1.</summary>
    public int Find(uint a, uint b) => Find(a, b, 0, columns: 2);

    /// <summary>The row whose leading (u32, u32, u32) equals the tuple, or -1.</summary>
    public int Find(uint a, uint b, uint c) => Find(a, b, c, columns: 3);

    private int Find(uint a, uint b, uint c, int columns)
    {
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            int at = mid * TView.Size;
            int cmp = U32(_rows, at).CompareTo(a);
            if (cmp == 0 && columns > 1) cmp = U32(_rows, at + 4).CompareTo(b);
            if (cmp == 0 && columns > 2) cmp = U32(_rows, at + 8).CompareTo(c);
            if (cmp == 0) return mid;
            if (cmp < 0) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }
}
