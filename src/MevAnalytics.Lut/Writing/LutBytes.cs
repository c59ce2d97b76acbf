using System.Buffers.Binary;

namespace MevAnalytics.Lut;

/// <summary>Little-endian field writes into a byte array.</summary>
internal static class LutBytes
{
    public static void WriteU16(byte[] b, int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);
    public static void WriteU32(byte[] b, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
    public static void WriteU64(byte[] b, int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), v);
    public static void WriteI64(byte[] b, int at, long v) => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(at), v);
    public static void WriteF32(byte[] b, int at, float v) => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(at), v);
    public static void WriteF64(byte[] b, int at, double v) => BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(at), v);
}
