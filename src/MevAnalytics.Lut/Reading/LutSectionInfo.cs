namespace MevAnalytics.Lut;

/// <summary>One section directory entry, as stored.</summary>
/// <param name="Kind">Section kind (may be a value this reader does not know).</param>
/// <param name="ElementSize">Bytes per row.</param>
/// <param name="Offset">Absolute byte offset.</param>
/// <param name="Length">Byte length.</param>
/// <param name="RowCount">Rows.</param>
public readonly record struct LutSectionInfo(LutSectionKind Kind, uint ElementSize, long Offset, long Length,
    uint RowCount);
