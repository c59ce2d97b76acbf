using System.Numerics;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

internal static partial class LutValidator
{
    /// <summary>
    /// Kind 9 (spec section 11): a power-of-two table holding every string id exactly once, each reachable by linear
    /// probing from its home slot, with the curve column equal to the key's own resolution. Returns the slot shift.
    /// </summary>
    private static int ValidateKeyIndex(ReadOnlySpan<byte> index, int slots, ReadOnlySpan<byte> strings,
        int stringCount, ReadOnlySpan<byte> segments, ushort version)
    {
        if (slots < 2 || !BitOperations.IsPow2(slots) || slots <= stringCount)
            throw Fail(LutFormatError.BadRecord,
                $"key index: {slots} slots; must be a power of two >= 2 and > the string count {stringCount}");
        var seen = new bool[stringCount];
        int filled = 0;
        for (int slot = 0; slot < slots; slot++)
        {
            int at = slot * L.KeySlot.Size;
            uint id = U32(index, at + L.KeySlot.StringId), curve = U32(index, at + L.KeySlot.Curve);
            if (id == LutFormat.None)
            {
                if (curve != LutFormat.None)
                    throw Fail(LutFormatError.BadRecord, $"key index slot {slot}: empty slot with curve {curve}");
                continue;
            }
            CheckRef(id, (uint)stringCount, "key index slot", slot, "string_id");
            if (seen[id]) throw Fail(LutFormatError.BadRecord, $"key index slot {slot}: string {id} appears twice");
            seen[id] = true;
            filled++;
            int expected = LutLookup.ResolveCurve(segments, LutLookup.FindByKey(segments, L.Segment.Size, id), version);
            if (curve != (expected < 0 ? LutFormat.None : (uint)expected))
                throw Fail(LutFormatError.BadRecord, $"key index slot {slot}: curve {curve} for string {id}; its own " +
                                                     $"resolution is {(expected < 0 ? "NONE" : expected)}");
        }
        if (filled != stringCount)
            throw Fail(LutFormatError.BadRecord,
                $"key index holds {filled} strings; the string table has {stringCount}");
        int shift = 64 - BitOperations.Log2((uint)slots);
        for (int id = 0; id < stringCount; id++)
            if (LutLookup.ProbeKeyIndex(index, shift, strings, LutLookup.StringAt(strings, id)) is var slot
                && (slot < 0 || U32(index, slot * L.KeySlot.Size + L.KeySlot.StringId) != id))
                throw Fail(LutFormatError.BadRecord, $"key index: string {id} is not reachable from its home slot");
        return shift;
    }
}
