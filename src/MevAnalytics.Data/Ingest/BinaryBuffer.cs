using System.Text;

namespace MevAnalytics.Data.Ingest;

/// <summary>
/// A growable byte buffer with the two encodings ClickHouse's binary formats build on: raw bytes and LEB128
/// variable-length integers (string lengths, block sizes). Pure: no I/O.
/// </summary>
public sealed class BinaryBuffer(int capacity)
{
    private byte[] _buffer = new byte[capacity];
    private int _length;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Pre-encodes a string (LEB128 length prefix included) so hot loops copy bytes
    /// instead of encoding.</summary>
    public static byte[] EncodeString(string value)
    {
        var buffer = new BinaryBuffer(value.Length + 8);
        var bytes = Encoding.UTF8.GetBytes(value);
        buffer.VarUInt((ulong)bytes.Length);
        buffer.Raw(bytes);
        return buffer.Written.ToArray();
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

    /// <summary>LEB128: seven bits a byte, low bits first, high bit set on every byte but the last.</summary>
    public void VarUInt(ulong n)
    {
        do
        {
            var b = (byte)(n & 0x7F);
            n >>= 7;
            UInt8(n != 0 ? (byte)(b | 0x80) : b);
        } while (n != 0);
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_length + extra, _buffer.Length * 2));
    }
}
