using System.Buffers.Binary;
using System.IO.Hashing;

namespace MevAnalytics.Lut.Tests;

/// <summary>Fixed test content and byte-level surgery for building malformed or extended files.</summary>
internal static class SampleLuts
{
    public static LutHeader Header(LutTableKind kind = LutTableKind.Mixed) =>
        new(kind, 1_750_000_000_000, 1_749_000_000_000, 1_750_000_000_000, 12345, "test-job", "abc123");

    /// <summary>y = x on [0, 1].</summary>
    public static CalibrationSegment Linear(string key, string? parent = null) =>
        new(key, parent, 100, [new(0, 0), new(1, 1)]);

    public static LutContent Mixed() => new(Header())
    {
        Calibration =
        [
            new("*", null, 1000, [new(0, 0.1), new(1, 0.5)]),
            new("jito", null, 500, [new(0, 0.0), new(0.5, 0.2), new(1, 0.9)]),
            new("jito/ny", "jito", 300, [new(-1, 0.05), new(1, 0.95)]),
            new("jito/fra", "jito", 3, []),
            new("orphan", null, 0, []),
        ],
        Arms =
        [
            new("jito", 0, null, 2, 8, 10, 2, 5000, 100, 1000, 1_750_000_000_000),
            new("jito", 1, null, 5, 5, 10, 5, 6000, 200, 5000, 1_750_000_000_001),
            new("jito", 1, "leaders-a", 9, 1, 10, 9, 7000, 300, 5000, 1_750_000_000_002),
            new("bloxroute", 0, null, 1, 1, 0, 0, 0, 0, 2000, 1_750_000_000_003),
        ],
        Latency =
        [
            new("jito", "ny.mainnet", 1000, 0.01, 20, 40, 80, 120),
            new("jito", "fra.mainnet", 900, 0.02, 30, 50, 90, 150),
        ],
        Phases =
        [
            new("*", 5000, 120, 40, 120, 400, 4, 25),
            new("LeaderA", 300, 80, 20, 80, 100, 2, 16),
        ],
    };

    public static byte[] Rechecksum(byte[] file)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(8), XxHash64.HashToUInt64(file.AsSpan(16)));
        return file;
    }

    /// <summary>Appends a section of an unknown kind (re-laying out the directory), then fixes length and
    /// checksum.</summary>
    public static byte[] WithExtraSection(byte[] file, uint kind, byte[] payload)
    {
        var entries = Sections(file);
        entries.Add((kind, 1, payload, (uint)payload.Length));
        return Relaid(file, entries);
    }

    /// <summary>The file without its section of <paramref name="kind"/>, re-laid out.</summary>
    public static byte[] WithoutSection(byte[] file, uint kind)
    {
        var entries = Sections(file);
        if (entries.RemoveAll(e => e.Kind == kind) != 1) throw new ArgumentException($"no section of kind {kind}");
        return Relaid(file, entries);
    }

    /// <summary>Offset and row count of the section of <paramref name="kind"/>.</summary>
    public static (int Offset, int Rows) Section(byte[] file, uint kind)
    {
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(28));
        for (int i = 0; i < count; i++)
        {
            var e = file.AsSpan(128 + 32 * i);
            if (BinaryPrimitives.ReadUInt32LittleEndian(e) == kind)
                return ((int)BinaryPrimitives.ReadUInt64LittleEndian(e[8..]),
                    (int)BinaryPrimitives.ReadUInt32LittleEndian(e[24..]));
        }
        throw new ArgumentException($"no section of kind {kind}");
    }

    private static List<(uint Kind, uint Elem, byte[] Data, uint Rows)> Sections(byte[] file)
    {
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(28));
        var entries = new List<(uint Kind, uint Elem, byte[] Data, uint Rows)>();
        for (int i = 0; i < count; i++)
        {
            var e = file.AsSpan(128 + 32 * i);
            long off = (long)BinaryPrimitives.ReadUInt64LittleEndian(e[8..]);
            long len = (long)BinaryPrimitives.ReadUInt64LittleEndian(e[16..]);
            entries.Add((BinaryPrimitives.ReadUInt32LittleEndian(e), BinaryPrimitives.ReadUInt32LittleEndian(e[4..]),
                file.AsSpan((int)off, (int)len).ToArray(), BinaryPrimitives.ReadUInt32LittleEndian(e[24..])));
        }
        return entries;
    }

    private static byte[] Relaid(byte[] file, List<(uint Kind, uint Elem, byte[] Data, uint Rows)> entries)
    {
        long at = Align(128 + 32 * entries.Count);
        var offsets = new long[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            offsets[i] = at;
            at += entries[i].Data.Length;
            if (i + 1 < entries.Count) at = Align(at);
        }
        var result = new byte[at];
        file.AsSpan(0, 128).CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(28), (uint)entries.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(32), (ulong)at);
        for (int i = 0; i < entries.Count; i++)
        {
            var e = result.AsSpan(128 + 32 * i);
            BinaryPrimitives.WriteUInt32LittleEndian(e, entries[i].Kind);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], entries[i].Elem);
            BinaryPrimitives.WriteUInt64LittleEndian(e[8..], (ulong)offsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(e[16..], (ulong)entries[i].Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(e[24..], entries[i].Rows);
            entries[i].Data.CopyTo(result, offsets[i]);
        }
        return Rechecksum(result);
    }

    private static long Align(long v) => (v + 63) & ~63L;
}
