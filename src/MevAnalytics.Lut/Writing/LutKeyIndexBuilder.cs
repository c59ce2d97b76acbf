using System.Numerics;
using MevAnalytics.Lut.Format;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>
/// Builds the key index (kind 9, spec section 11): an open-addressing hash table over every string with linear
/// probing, at most a quarter full (a second probe costs about as much as the first, so collisions are kept rare).
/// Strings are inserted in id order, so the slots are a pure function of the strings.
/// </summary>
internal static class LutKeyIndexBuilder
{
    /// <summary>Slots for <paramref name="strings"/> strings: the smallest power of two >= 4 x strings, at least
    /// 8.</summary>
    public static int SlotCount(int strings) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, 4 * strings));

    /// <param name="strings">The built string table.</param>
    /// <param name="curveOfString">Per string id, the segment its own chain resolves to, or NONE.</param>
    public static LutWriter.Section Encode(StringTableBuilder strings, uint[] curveOfString)
    {
        int slots = SlotCount(strings.Count);
        int shift = 64 - BitOperations.Log2((uint)slots);
        var ids = new uint[slots];
        Array.Fill(ids, LutFormat.None);
        var data = new byte[slots * L.KeySlot.Size];
        for (int id = 0; id < strings.Count; id++)
        {
            int slot = LutKeyHash.HomeSlot(LutKeyHash.Of(strings.Utf8(id)), shift);
            while (ids[slot] != LutFormat.None) slot = (slot + 1) & (slots - 1);
            ids[slot] = (uint)id;
        }
        for (int slot = 0; slot < slots; slot++)
        {
            int at = slot * L.KeySlot.Size;
            LutBytes.WriteU32(data, at + L.KeySlot.StringId, ids[slot]);
            uint curve = ids[slot] == LutFormat.None ? LutFormat.None : curveOfString[ids[slot]];
            LutBytes.WriteU32(data, at + L.KeySlot.Curve, curve);
        }
        return new(LutSectionKind.KeyIndex, L.KeySlot.Size, slots, data);
    }
}
