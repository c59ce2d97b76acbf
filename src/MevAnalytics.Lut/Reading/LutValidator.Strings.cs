using System.Text.Unicode;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

internal static partial class LutValidator
{
    /// <summary>Kind 1 (spec section 5): entries inside the section, valid UTF-8, strictly increasing.</summary>
    private static void ValidateStrings(ReadOnlySpan<byte> s, int n)
    {
        ulong indexEnd = (ulong)n * L.StringIndex.Size;
        ReadOnlySpan<byte> previous = default;
        for (int i = 0; i < n; i++)
        {
            int entry = i * L.StringIndex.Size;
            uint start = U32(s, entry + L.StringIndex.Start), length = U32(s, entry + L.StringIndex.Length);
            if (start < indexEnd || length > LutFormat.MaxStringBytes || (ulong)start + length > (ulong)s.Length)
                throw Fail(LutFormatError.BadStringTable,
                    $"string {i}: start {start} length {length} is outside the string bytes [{indexEnd}, {s.Length}) " +
                    $"or longer than {LutFormat.MaxStringBytes}");
            var value = s.Slice((int)start, (int)length);
            if (!Utf8.IsValid(value))
                throw Fail(LutFormatError.BadStringTable, $"string {i} is not valid UTF-8");
            if (i > 0 && value.SequenceCompareTo(previous) <= 0)
                throw Fail(LutFormatError.BadStringTable,
                    $"string {i} is not greater than string {i - 1} in byte order");
            previous = value;
        }
    }

    // Messages are only formatted on failure: validation of a large file must not allocate per row.
    private static void CheckRef(uint id, uint count, string field)
    {
        if (id >= count)
            throw Fail(LutFormatError.BadStringRef,
                $"{field} string ref {id} is outside the string table ({count} strings)");
    }

    private static void CheckRef(uint id, uint count, string record, int row, string field)
    {
        if (id >= count)
            throw Fail(LutFormatError.BadStringRef,
                $"{record} {row} {field} string ref {id} is outside the string table ({count} strings)");
    }
}
