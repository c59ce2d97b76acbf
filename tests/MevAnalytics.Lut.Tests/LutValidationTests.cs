using System.Buffers.Binary;

namespace MevAnalytics.Lut.Tests;

public class LutValidationTests
{
    private static byte[] Valid() => LutWriter.Write(SampleLuts.Mixed());

    private static LutFormatError Reason(byte[] file) =>
        Assert.Throws<LutFormatException>(() => LutReader.Open(file)).Reason;

    [Fact]
    public void Header_rules_are_enforced_in_order()
    {
        Assert.Equal(LutFormatError.Truncated, Reason(Valid()[..100]));
        var magic = Valid(); magic[0] = (byte)'X';
        Assert.Equal(LutFormatError.BadMagic, Reason(magic));
        var version = Valid(); version[16] = 3;
        Assert.Equal(LutFormatError.UnsupportedVersion, Reason(version));
        Assert.Equal(LutFormatError.LengthMismatch, Reason(Valid()[..^1]));
        Assert.Equal(LutFormatError.LengthMismatch, Reason([.. Valid(), 0]));
        var flipped = Valid(); flipped[^1] ^= 1;
        Assert.Equal(LutFormatError.ChecksumMismatch, Reason(flipped));
    }

    [Fact]
    public void Directory_rules_are_enforced()
    {
        var misaligned = Valid();
        BinaryPrimitives.WriteUInt64LittleEndian(misaligned.AsSpan(128 + 8), 200);
        Assert.Equal(LutFormatError.BadSectionPlacement, Reason(SampleLuts.Rechecksum(misaligned)));

        var outOfRange = Valid();
        BinaryPrimitives.WriteUInt64LittleEndian(outOfRange.AsSpan(128 + 16), ulong.MaxValue - 10);
        Assert.Equal(LutFormatError.SectionOutOfRange, Reason(SampleLuts.Rechecksum(outOfRange)));

        var duplicate = Valid();
        // second entry claims to be strings too
        BinaryPrimitives.WriteUInt32LittleEndian(duplicate.AsSpan(128 + 32), 1);
        Assert.Equal(LutFormatError.DuplicateSection, Reason(SampleLuts.Rechecksum(duplicate)));

        var elementSize = Valid();
        BinaryPrimitives.WriteUInt32LittleEndian(elementSize.AsSpan(128 + 32 + 4), 63);
        Assert.Equal(LutFormatError.BadElementSize, Reason(SampleLuts.Rechecksum(elementSize)));
    }

    [Fact]
    public void Record_rules_are_enforced()
    {
        var r = LutReader.Open(Valid());
        long segments = -1;
        for (int i = 0; i < r.SectionCount; i++)
            if (r.Section(i).Kind == LutSectionKind.CalibrationSegments) segments = r.Section(i).Offset;

        var badRef = Valid();
        BinaryPrimitives.WriteUInt32LittleEndian(badRef.AsSpan((int)segments), 9999);
        Assert.Equal(LutFormatError.BadStringRef, Reason(SampleLuts.Rechecksum(badRef)));

        var cycle = Valid(); // segment 0 -> 1 -> 0
        BinaryPrimitives.WriteUInt32LittleEndian(cycle.AsSpan((int)segments + 4), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(cycle.AsSpan((int)segments + 64 + 4), 0);
        Assert.Equal(LutFormatError.ParentCycle, Reason(SampleLuts.Rechecksum(cycle)));

        var grid = Valid();
        BinaryPrimitives.WriteUInt32LittleEndian(grid.AsSpan((int)segments + 40), 100_000);
        Assert.Equal(LutFormatError.BadRecord, Reason(SampleLuts.Rechecksum(grid)));

        var unsorted = Valid(); // swap the first two segment records
        var first = unsorted.AsSpan((int)segments, 64).ToArray();
        unsorted.AsSpan((int)segments + 64, 64).CopyTo(unsorted.AsSpan((int)segments));
        first.CopyTo(unsorted.AsSpan((int)segments + 64));
        Assert.Equal(LutFormatError.UnsortedKeys, Reason(SampleLuts.Rechecksum(unsorted)));
    }

    [Fact]
    public void Message_names_the_field()
    {
        var version = Valid(); version[16] = 9;
        var e = Assert.Throws<LutFormatException>(() => LutReader.Open(version));
        Assert.Contains("format_version is 9", e.Message);
    }

    [Fact]
    public void Empty_or_tiny_mapped_file_is_a_format_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lut-{Guid.NewGuid():N}.lut");
        File.WriteAllBytes(path, []);
        try
        {
            Assert.Equal(LutFormatError.Truncated, Assert.Throws<LutFormatException>(() => LutFile.Open(path)).Reason);
        }
        finally { File.Delete(path); }
    }
}
