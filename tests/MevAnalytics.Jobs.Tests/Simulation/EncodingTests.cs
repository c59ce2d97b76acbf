using MevAnalytics.Data.Ingest;

namespace MevAnalytics.Jobs.Tests.Simulation;

/// <summary>The byte-level encodings against values worked out by hand from ClickHouse's format
/// documentation.</summary>
public sealed class EncodingTests
{
    [Fact]
    public void Strings_carry_a_leb128_length_prefix()
    {
        Assert.Equal([3, (byte)'a', (byte)'b', (byte)'c'], BinaryBuffer.EncodeString("abc"));
        var long200 = BinaryBuffer.EncodeString(new string('x', 200));
        Assert.Equal([0xC8, 0x01], long200[..2]); // 200 = 0b1_1001000 -> 0x48|0x80, 0x01
        Assert.Equal(202, long200.Length);
        Assert.Equal([0], BinaryBuffer.EncodeString(""));
    }

    [Fact]
    public void A_native_block_is_counts_then_named_typed_columns()
    {
        var w = new NativeBlockWriter(64);
        w.BeginBlock(columns: 1, rows: 2);
        w.NullableFloat32("v", [1.5f, float.NaN]);
        byte[] expected =
        [
            1, 2,                                       // columns, rows
            1, (byte)'v',                               // name
            17, .. "Nullable(Float32)"u8,               // type
            0, 1,                                       // null map: second row is NULL
            0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0x00, // 1.5f little-endian, then 0 under the NULL
        ];
        Assert.Equal(expected, w.Written.ToArray());
    }
}
