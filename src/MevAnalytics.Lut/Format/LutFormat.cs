namespace MevAnalytics.Lut.Format;

/// <summary>Byte offsets and sizes of LUT format version 1 (docs/lut-format.md).</summary>
internal static class LutFormat
{
    public static ReadOnlySpan<byte> Magic => "MEVLUT\0\0"u8;
    public const ushort Version = 1;
    public const int HeaderSize = 128;
    public const int DirectoryEntrySize = LutRecordLayout.Directory.Size;
    public const int SectionAlignment = 64;
    public const int MaxSections = 1024;
    public const int MaxStringBytes = 1024;
    public const uint None = 0xFFFFFFFF;
    public const string GlobalKey = "*";

    // header field offsets
    public const int OffChecksum = 8;
    public const int ChecksumStart = 16;
    public const int OffVersion = 16;
    public const int OffHeaderSize = 18;
    public const int OffTableKind = 20;
    public const int OffFlags = 24;
    public const int OffSectionCount = 28;
    public const int OffFileLength = 32;
    public const int OffCreatedAt = 40;
    public const int OffWindowFrom = 48;
    public const int OffWindowTo = 56;
    public const int OffRowsUsed = 64;
    public const int OffProducerJob = 72;
    public const int OffGitRevision = 76;
    public const int OffDirectoryOffset = 80;

    public const string EvKeyPrefix = "ev:";
    public const string EvGlobalKey = "ev:*";
    public const uint LastKnownKind = 9;

    /// <summary>Element size of a known kind (spec section 4), 0 for an unknown one.</summary>
    public static int ElementSize(LutSectionKind kind) => kind switch
    {
        LutSectionKind.Strings => LutRecordLayout.StringIndex.Size,
        LutSectionKind.CalibrationSegments => LutRecordLayout.Segment.Size,
        LutSectionKind.CalibrationGrid => LutRecordLayout.GridValue.Size,
        LutSectionKind.CalibrationKnots => LutRecordLayout.Knot.Size,
        LutSectionKind.BanditArms => LutRecordLayout.Arm.Size,
        LutSectionKind.LatencyQuantiles => LutRecordLayout.Latency.Size,
        LutSectionKind.PhaseOffsets => LutRecordLayout.Phase.Size,
        LutSectionKind.RouteHedges => LutRecordLayout.RouteHedge.Size,
        LutSectionKind.KeyIndex => LutRecordLayout.KeySlot.Size,
        _ => 0,
    };

    public static bool IsKnown(uint kind) => kind >= 1 && kind <= LastKnownKind;

    public static long AlignUp(long value) => (value + SectionAlignment - 1) & ~(long)(SectionAlignment - 1);
}
