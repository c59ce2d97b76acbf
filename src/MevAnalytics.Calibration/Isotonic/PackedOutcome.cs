using System.Runtime.CompilerServices;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// A row with a 0/1 value (a landing outcome) in 8 bytes: the score key shifted left by one, dropping its top bit,
/// which every row of the fit shares, and the outcome in the low bit. Half the bytes of <see cref="KeyValue"/> cross
/// memory in the sort, and the record's unsigned order is already (key, value): lexsort((y, X)).
/// </summary>
internal readonly struct PackedOutcome : ISortRecord<PackedOutcome>
{
    private readonly ulong _raw;

    private PackedOutcome(ulong raw) => _raw = raw;

    public static PackedOutcome Create(ulong key, double value) => new((key << 1) | (value != 0 ? 1UL : 0UL));

    public static ulong Bits(in PackedOutcome record) => record._raw;

    public static ulong Key(in PackedOutcome record, ulong constantBits) =>
        (record._raw >> 1) | (constantBits & 0x8000_0000_0000_0000UL);

    public static double Value(in PackedOutcome record) => record._raw & 1;

    public static bool ValueIsBit => true;

    public static ulong ValueBit(in PackedOutcome record) => record._raw & 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Less(in PackedOutcome a, in PackedOutcome b) => a._raw < b._raw;

    /// <summary>Equal bits are equal records: nothing to order.</summary>
    public static void OrderTies(Span<PackedOutcome> records) { }

    /// <summary>
    /// True when rows can be packed: every value is 0 or 1 and every key has the same top bit (scores all of one
    /// sign), as <paramref name="varyingKeyBits"/> tells.
    /// </summary>
    public static bool Fits(bool binaryValues, ulong varyingKeyBits) =>
        binaryValues && (varyingKeyBits & 0x8000_0000_0000_0000UL) == 0;
}
