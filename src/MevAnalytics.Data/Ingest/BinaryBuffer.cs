using System.Buffers.Binary;
using System.Text;

namespace MevAnalytics.Data.Ingest;

/// <summary>
/// A growable byte buffer with ClickHouse's binary encodings of values (little-endian fixed width, LEB128-prefixed
/// strings). Pure: no I/O.
/// </summary>
public sealed class BinaryBuffer(int capacity)
{
    private byte[] _buffer = new byte[capacity];
    private int _length;

    public int Length => _length;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void Reset() => _length = 0;

    /// <summary>Pre-encodes a string (length prefix included) so hot loops copy bytes instead of encoding.</summary>
    public static byte[] EncodeString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var prefix = new List<byte>();
        var n = (uint)bytes.Length;
        do
        {
            var b = (byte)(n & 0x7F);
            n >>= 7;
            prefix.Add(n != 0 ? (byte)(b | 0x80) : b);
        } while (n != 0);
        return [.. prefix, .. bytes];
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void UInt8(byte v)
    {
        Ensure(1);
        _buffer[_length++] = v;
    }

    public void Int64(long v)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), v);
        _length += 8;
    }

    public void UInt64(ulong v)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), v);
        _length += 8;
    }

    public void Float64(double v)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), v);
        _length += 8;
    }

    public void Float32(float v)
    {
        Ensure(4);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_length), v);
        _length += 4;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_length + extra, _buffer.Length * 2));
    }
}
