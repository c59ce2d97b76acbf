using System.Runtime.InteropServices;

namespace MevAnalytics.Data.Ingest;

/// <summary>
/// Writes ClickHouse's columnar Native format (as accepted over HTTP with <c>FORMAT Native</c>): per block the column
/// and row counts, then per column its name, type and values. Fixed-width columns are copied as raw little-endian
/// arrays, which the server ingests far faster than row-wise formats. Pure: no I/O.
/// </summary>
public sealed class NativeBlockWriter
{
    private readonly BinaryBuffer _w;

    public NativeBlockWriter(int capacity)
    {
        // Fixed-width columns are copied from memory as they are; the format is little-endian.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Native blocks are written from little-endian memory only.");
        _w = new BinaryBuffer(capacity);
    }

    public ReadOnlyMemory<byte> Written => _w.Written;

    /// <summary>Starts a block of <paramref name="rows"/> rows and <paramref name="columns"/> columns.</summary>
    public void BeginBlock(int columns, int rows)
    {
        _w.VarUInt((ulong)columns);
        _w.VarUInt((ulong)rows);
    }

    /// <summary>A fixed-width column (UInt8, UInt64, Int64/DateTime64, Float32, Float64) copied as is.</summary>
    public void Fixed<T>(string name, string type, ReadOnlySpan<T> values) where T : unmanaged
    {
        Header(name, type);
        _w.Raw(MemoryMarshal.AsBytes(values));
    }

    /// <summary>A String column from pre-encoded (length-prefixed) values picked by index.</summary>
    public void Strings(string name, string type, byte[][] dictionary, ReadOnlySpan<int> indexes)
    {
        Header(name, type);
        foreach (var i in indexes) _w.Raw(dictionary[i]);
    }

    /// <summary>A String column from pre-encoded values picked by byte index.</summary>
    public void Strings(string name, string type, byte[][] dictionary, ReadOnlySpan<byte> indexes)
    {
        Header(name, type);
        foreach (var i in indexes) _w.Raw(dictionary[i]);
    }

    /// <summary>A String column of pre-encoded values.</summary>
    public void Strings(string name, string type, byte[][] values)
    {
        Header(name, type);
        foreach (var v in values) _w.Raw(v);
    }

    /// <summary>A String column holding one value in every row.</summary>
    public void Constant(string name, string type, byte[] value, int rows)
    {
        Header(name, type);
        for (var i = 0; i < rows; i++) _w.Raw(value);
    }

    /// <summary>A Nullable(Float32) column: the null map, then every value (NaN marks null).</summary>
    public void NullableFloat32(string name, ReadOnlySpan<float> values)
    {
        Header(name, "Nullable(Float32)");
        foreach (var v in values) _w.UInt8(float.IsNaN(v) ? (byte)1 : (byte)0);
        var zeroed = new float[values.Length];
        for (var i = 0; i < zeroed.Length; i++) zeroed[i] = float.IsNaN(values[i]) ? 0f : values[i];
        _w.Raw(MemoryMarshal.AsBytes(zeroed.AsSpan()));
    }

    private void Header(string name, string type)
    {
        _w.Raw(BinaryBuffer.EncodeString(name));
        _w.Raw(BinaryBuffer.EncodeString(type));
    }
}
