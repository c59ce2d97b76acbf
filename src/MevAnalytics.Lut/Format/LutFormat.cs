namespace MevAnalytics.Lut.Format;

/// <summary>Byte offsets and sizes of the LUT format (docs/lut-format.md): version 2 written, 1 and 2 read.</summary>
internal static class LutFormat
{
    public static ReadOnlySpan<byte> Magic => "MEVLUT\0\0"u8;

    /// <summary>The version the writer writes by default: calibration curves are their knots with a bucket
    /// index.</summary>
    public const ushort Version = 2;

    /// <summary>The oldest version readers accept: calibration curves sampled on a uniform f32 grid.</summary>
    public const ushort GridVersion = 1;
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
    public const uint LastKnownKind = 10;

    /// <summary>Element size of a known kind in a file of <paramref name="version"/> (spec section 4), 0 for a kind
    /// the version does not have.</summary>
    public static int ElementSize(LutSectionKind kind, ushort version) => kind switch
    {
        LutSectionKind.Strings => LutRecordLayout.StringIndex.Size,
        LutSectionKind.CalibrationSegments => LutRecordLayout.Segment.Size,
        LutSectionKind.CalibrationGrid => version == GridVersion ? LutRecordLayout.GridValue.Size : 0,
        LutSectionKind.CalibrationKnots => version == GridVersion ? LutRecordLayout.Knot.Size
            : LutRecordLayout.SlopedKnot.Size,
        LutSectionKind.CalibrationBuckets => version == GridVersion ? 0 : LutRecordLayout.Bucket.Size,
        LutSectionKind.BanditArms => LutRecordLayout.Arm.Size,
        LutSectionKind.LatencyQuantiles => LutRecordLayout.Latency.Size,
        LutSectionKind.PhaseOffsets => LutRecordLayout.Phase.Size,
        LutSectionKind.RouteHedges => LutRecordLayout.RouteHedge.Size,
        LutSectionKind.KeyIndex => LutRecordLayout.KeySlot.Size,
        _ => 0,
    };

    /// <summary>Whether <paramref name="kind"/> is a section of format <paramref name="version"/> (kind 3 only in
    /// format 1, kind 10 only in format 2); readers skip any other.</summary>
    public static bool IsKnown(uint kind, ushort version) =>
        kind >= 1 && kind <= LastKnownKind && ElementSize((LutSectionKind)kind, version) != 0;

    public static long AlignUp(long value) => (value + SectionAlignment - 1) & ~(long)(SectionAlignment - 1);
}
