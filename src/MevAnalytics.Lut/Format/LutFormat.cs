namespace MevAnalytics.Lut.Format;

/// <summary>Byte offsets and sizes of LUT format version 1 (docs/lut-format.md).</summary>
internal static class LutFormat
{
    public static ReadOnlySpan<byte> Magic => "MEVLUT\0\0"u8;
    public const ushort Version = 1;
    public const int HeaderSize = 128;
    public const int DirectoryEntrySize = 32;
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

    // element sizes per known kind
    public const int StringIndexEntrySize = 8;
    public const int SegmentSize = 64;
    public const int GridElementSize = 4;
    public const int KnotSize = 16;
    public const int ArmSize = 80;
    public const int LatencySize = 64;
    public const int PhaseSize = 64;

    public static int ElementSize(LutSectionKind kind) => kind switch
    {
        LutSectionKind.Strings => StringIndexEntrySize,
        LutSectionKind.CalibrationSegments => SegmentSize,
        LutSectionKind.CalibrationGrid => GridElementSize,
        LutSectionKind.CalibrationKnots => KnotSize,
        LutSectionKind.BanditArms => ArmSize,
        LutSectionKind.LatencyQuantiles => LatencySize,
        LutSectionKind.PhaseOffsets => PhaseSize,
        _ => 0,
    };

    public static bool IsKnown(uint kind) => kind >= 1 && kind <= 7;

    public static long AlignUp(long value) => (value + SectionAlignment - 1) & ~(long)(SectionAlignment - 1);
}
