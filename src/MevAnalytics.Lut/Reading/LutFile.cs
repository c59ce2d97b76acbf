using System.IO.MemoryMappedFiles;

namespace MevAnalytics.Lut;

/// <summary>
/// A validated LUT held open for lookups: memory-mapped from disk (<see cref="Open"/>) or over a byte array
/// (<see cref="FromBytes"/>). Validation happens once here; <see cref="Reader"/> then gives allocation-free views.
/// Published files are never modified in place (the publisher renames new versions in), so a mapping stays
/// valid until <see cref="Dispose"/>; spans obtained from <see cref="Reader"/> must not outlive it.
/// </summary>
public sealed unsafe class LutFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte[]? _bytes;
    private byte* _pointer;
    private readonly LutSectionMap _layout;

    private LutFile(MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* pointer, byte[]? bytes, int length,
        string? path)
    {
        _map = map;
        _view = view;
        _pointer = pointer;
        _bytes = bytes;
        Length = length;
        Path = path;
        _layout = LutValidator.Validate(Span);
        Header = Reader.ReadHeader();
    }

    /// <summary>Memory-maps and validates a file.</summary>
    /// <exception cref="LutFormatException">The file is not a valid LUT.</exception>
    public static LutFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenFile(path);
        long length = stream.Length;
        if (length < 128)
            throw new LutFormatException(LutFormatError.Truncated, $"file is {length} bytes; the header alone is 128");
        var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read,
            HandleInheritability.None, leaveOpen: true);
        MemoryMappedViewAccessor? view = null;
        byte* pointer = null;
        try
        {
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new LutFile(map, view, pointer + view.PointerOffset, null, (int)length,
                System.IO.Path.GetFullPath(path));
        }
        catch
        {
            if (pointer != null) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>The file through <see cref="ArtifactFile.Open"/> (no FIFO wait, no device, no final link, at most
    /// <see cref="int.MaxValue"/> bytes), its refusals as format errors.</summary>
    private static FileStream OpenFile(string path)
    {
        try
        {
            return ArtifactFile.Open(path, int.MaxValue);
        }
        catch (InvalidDataException e)
        {
            throw new LutFormatException(
                e.Message.Contains(" bytes; at most ", StringComparison.Ordinal) ? LutFormatError.TooLarge
                    : LutFormatError.Truncated, e.Message);
        }
    }

    /// <summary>Validates an in-memory LUT. The array is used in place and must not be modified afterwards.</summary>
    /// <exception cref="LutFormatException">The bytes are not a valid LUT.</exception>
    public static LutFile FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new LutFile(null, null, null, bytes, bytes.Length, null);
    }

    /// <summary>Full path of a mapped file; null for bytes.</summary>
    public string? Path { get; }

    /// <summary>File size in bytes.</summary>
    public int Length { get; }

    /// <summary>Decoded header.</summary>
    public LutHeader Header { get; }

    /// <summary>The whole file.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            if (_bytes is not null) return _bytes;
            ObjectDisposedException.ThrowIf(_pointer == null, this);
            return new ReadOnlySpan<byte>(_pointer, Length);
        }
    }

    /// <summary>Lookup views over the file; no validation, no allocation.</summary>
    public LutReader Reader => new(Span, _layout);

    /// <inheritdoc cref="LutReader.Calibrate(ReadOnlySpan{char}, double)"/>
    public double Calibrate(string segment, double score) => Reader.Calibrate(segment, score);

    /// <inheritdoc cref="LutReader.Calibrate(ReadOnlySpan{char}, ReadOnlySpan{double}, Span{double})"/>
    public void Calibrate(string segment, ReadOnlySpan<double> scores, Span<double> results) =>
        Reader.Calibrate(segment, scores, results);

    /// <inheritdoc cref="LutReader.Arm(ReadOnlySpan{char}, int)"/>
    public BanditArmView Arm(string route, int arm) => Reader.Arm(route, arm);

    /// <inheritdoc cref="LutReader.Latency(ReadOnlySpan{char}, ReadOnlySpan{char})"/>
    public LatencyQuantilesView Latency(string route, string endpoint) => Reader.Latency(route, endpoint);

    /// <inheritdoc cref="LutReader.Phase(ReadOnlySpan{char})"/>
    public PhaseOffsetView Phase(string leader) => Reader.Phase(leader);

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_pointer == null) return;
        _pointer = null;
        if (_view is null) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map!.Dispose();
    }
}
