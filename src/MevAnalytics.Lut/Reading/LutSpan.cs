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

    // Unchecked reads for the lookup hot path, at offsets the validator proved to be inside the file. Keeping
    // bounds checks out of the key probe and the interpolation is what brings a lookup by key under 10 ns.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U32Unchecked(ref byte b, nint at)
    {
        uint v = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, at));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Unchecked(ref byte b, nint at) =>
        BitConverter.Int32BitsToSingle((int)U32Unchecked(ref b, at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Unchecked(ref byte b, nint at)
    {
        ulong v = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, at));
        return BitConverter.UInt64BitsToDouble(BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v));
    }
}
