using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

[module: SkipLocalsInit]

namespace MevAnalytics.Lut;

/// <summary>
/// Zero-copy, allocation-free lookups over a validated LUT held in any span (a memory map, a byte array).
/// Validation happens once in <see cref="Open"/> (or when a <see cref="LutFile"/> opens); lookups then hash the key
/// into the key index (or, in files written without one, binary-search the string table) and read fields in place.
/// One partial file per section kind, as <c>System.Text.Json</c> splits its reader.
/// </summary>
public readonly ref partial struct LutReader
{
    private readonly ReadOnlySpan<byte> _file;
    private readonly ReadOnlySpan<byte> _strings;
    private readonly ReadOnlySpan<byte> _segments;
    private readonly ReadOnlySpan<byte> _lookup;
    private readonly ReadOnlySpan<byte> _knots;
    private readonly ReadOnlySpan<byte> _arms;
    private readonly ReadOnlySpan<byte> _latency;
    private readonly ReadOnlySpan<byte> _phases;
    private readonly ReadOnlySpan<byte> _hedges;
    private readonly ReadOnlySpan<byte> _keyIndex;
    private readonly int _keyIndexShift;
    private readonly int _stringCount;
    private readonly int _starSegment;
    private readonly int _evStarSegment;
    private readonly int _starString;
    private readonly ushort _version;

    internal LutReader(ReadOnlySpan<byte> file, LutSectionMap layout)
    {
        _file = file;
        _version = layout.FormatVersion;
        _strings = layout.Strings.Of(file);
        _segments = layout.Segments.Of(file);
        _lookup = layout.Lookup.Of(file);
        _knots = layout.Knots.Of(file);
        _arms = layout.Arms.Of(file);
        _latency = layout.Latency.Of(file);
        _phases = layout.Phases.Of(file);
        _hedges = layout.Hedges.Of(file);
        _keyIndex = layout.KeyIndex.Of(file);
        _keyIndexShift = layout.KeyIndexShift;
        _stringCount = layout.Strings.Rows;
        _starSegment = layout.StarSegment;
        _evStarSegment = layout.EvStarSegment;
        _starString = layout.StarString;
    }

    /// <summary>Validates <paramref name="file"/> and returns a reader over it.</summary>
    /// <exception cref="LutFormatException">The bytes are not a valid LUT of format 1 or 2.</exception>
    public static LutReader Open(ReadOnlySpan<byte> file) => new(file, LutValidator.Validate(file));

    // ---- header and directory ------------------------------------------------------------------

    /// <summary>Format version: 2, or 1 for a file with grid curves.</summary>
    public int FormatVersion => _version;

    /// <summary>Stored XXH64 checksum of bytes [16, end).</summary>
    public ulong Checksum => U64(_file, LutFormat.OffChecksum);

    /// <summary>Header flags (none defined).</summary>
    public uint Flags => U32(_file, LutFormat.OffFlags);

    /// <summary>File size in bytes.</summary>
    public int Length => _file.Length;

    /// <summary>Decodes the header (allocates the strings).</summary>
    public LutHeader ReadHeader() => new(
        (LutTableKind)U16(_file, LutFormat.OffTableKind),
        I64(_file, LutFormat.OffCreatedAt),
        I64(_file, LutFormat.OffWindowFrom),
        I64(_file, LutFormat.OffWindowTo),
        (long)U64(_file, LutFormat.OffRowsUsed),
        Encoding.UTF8.GetString(StringAt((int)U32(_file, LutFormat.OffProducerJob))),
        Encoding.UTF8.GetString(StringAt((int)U32(_file, LutFormat.OffGitRevision))));

    /// <summary>Directory entries, including kinds this reader skips.</summary>
    public int SectionCount => (int)U32(_file, LutFormat.OffSectionCount);

    /// <summary>Directory entry i.</summary>
    public LutSectionInfo Section(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, SectionCount);
        int e = LutFormat.HeaderSize + i * L.Directory.Size;
        return new((LutSectionKind)U32(_file, e + L.Directory.Kind), U32(_file, e + L.Directory.ElementSize),
            (long)U64(_file, e + L.Directory.Offset), (long)U64(_file, e + L.Directory.Length),
            U32(_file, e + L.Directory.RowCount));
    }

    // ---- strings and keys ----------------------------------------------------------------------

    /// <summary>Strings in the table.</summary>
    public int StringCount => _stringCount;

    /// <summary>String i (UTF-8).</summary>
    public ReadOnlySpan<byte> StringAt(int id)
    {
        if ((uint)id >= (uint)_stringCount) throw new ArgumentOutOfRangeException(nameof(id));
        return LutLookup.StringAt(_strings, id);
    }

    /// <summary>String id of a UTF-8 key, or -1.</summary>
    public int FindString(scoped ReadOnlySpan<byte> keyUtf8)
    {
        if (_keyIndex.IsEmpty) return LutLookup.FindString(_strings, _stringCount, keyUtf8);
        int slot = LutLookup.ProbeKeyIndex(_keyIndex, _keyIndexShift, _strings, keyUtf8);
        return slot < 0 ? -1 : (int)U32(_keyIndex, slot * L.KeySlot.Size + L.KeySlot.StringId);
    }

    /// <summary>String id of a key, or -1.</summary>
    private int FindString(ReadOnlySpan<char> key)
    {
        Span<byte> buffer = stackalloc byte[LutFormat.MaxStringBytes];
        return FindString(Utf8Key(key, buffer));
    }

    /// <summary>True when the file has a key index (kind 9); without one, key lookups binary-search the string
    /// table.</summary>
    public bool HasKeyIndex => !_keyIndex.IsEmpty;

    /// <summary>UTF-8 of a key; a key longer than any stored string yields an impossible key (a lone 0xFF
    /// byte).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Utf8Key(ReadOnlySpan<char> key, Span<byte> buffer)
    {
        // Keys are almost always ASCII: the vectorized narrowing is several times cheaper than the general transcoder.
        if (key.Length <= buffer.Length
            && System.Text.Ascii.FromUtf16(key, buffer, out int ascii) == System.Buffers.OperationStatus.Done)
            return buffer[..ascii];
        var status = Utf8.FromUtf16(key, buffer, out _, out int written, replaceInvalidSequences: true);
        return status == System.Buffers.OperationStatus.Done ? buffer[..written] : ImpossibleKey;
    }

    private static ReadOnlySpan<byte> ImpossibleKey => [0xFF];

    private static KeyNotFoundException NotFound(string what, ReadOnlySpan<char> key) =>
        new($"{what} '{key}' is not in the table");
}
