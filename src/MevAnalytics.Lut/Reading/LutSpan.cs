using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace MevAnalytics.Lut;

/// <summary>Little-endian field reads from a span (a plain load on little-endian hosts).</summary>
internal static class LutSpan
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort U16(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadInt64LittleEndian(s.Slice(at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadSingleLittleEndian(s.Slice(at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadDoubleLittleEndian(s.Slice(at));
}
