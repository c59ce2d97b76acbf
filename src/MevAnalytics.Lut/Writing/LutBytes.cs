using System.Buffers.Binary;

namespace MevAnalytics.Lut;

/// <summary>Little-endian field writes into a record.</summary>
internal static class LutBytes
{
    public static void WriteU16(Span<byte> b, int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b[at..], v);

    public static void WriteU32(Span<byte> b, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b[at..], v);

    public static void WriteU64(Span<byte> b, int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(b[at..], v);

    public static void WriteI64(Span<byte> b, int at, long v) => BinaryPrimitives.WriteInt64LittleEndian(b[at..], v);

    public static void WriteF32(Span<byte> b, int at, float v) => BinaryPrimitives.WriteSingleLittleEndian(b[at..], v);

    public static void WriteF64(Span<byte> b, int at, double v) => BinaryPrimitives.WriteDoubleLittleEndian(b[at..], v);
}
