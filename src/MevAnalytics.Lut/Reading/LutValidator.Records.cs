using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;

namespace MevAnalytics.Lut;

internal static partial class LutValidator
{
    /// <summary>A leading u32 key column of a record: its offset, name, and whether it is a string ref (then it must
    /// be inside the string table, or NONE where <see cref="MayBeNone"/>).</summary>
    private readonly record struct KeyColumn(int Offset, string Name, bool StringRef, bool MayBeNone = false);

    /// <summary>
    /// The rule every keyed record section shares (kinds 5 to 8): string refs inside the string table and rows
    /// strictly increasing by their key columns compared as unsigned integers (NONE sorts last). Written once.
    /// </summary>
    private static void ValidateKeyed(ReadOnlySpan<byte> s, int rows, int size, ReadOnlySpan<KeyColumn> key,
        uint stringCount, string record)
    {
        for (int i = 0; i < rows; i++)
        {
            int at = i * size;
            int order = i == 0 ? 1 : 0;
            foreach (var column in key)
            {
                uint value = U32(s, at + column.Offset);
                if (column.StringRef && !(column.MayBeNone && value == LutFormat.None))
                    CheckRef(value, stringCount, record, i, column.Name);
                if (order == 0) order = value.CompareTo(U32(s, at - size + column.Offset));
            }
            if (order <= 0) throw Fail(LutFormatError.UnsortedKeys, $"{record} {i}: {Describe(s, at, key)} is not " +
                                                                    "greater than the previous row");
        }
    }

    private static string Describe(ReadOnlySpan<byte> s, int at, ReadOnlySpan<KeyColumn> key)
    {
        var parts = new List<string>();
        foreach (var column in key) parts.Add($"{column.Name} {U32(s, at + column.Offset)}");
        return "(" + string.Join(", ", parts) + ")";
    }
}
