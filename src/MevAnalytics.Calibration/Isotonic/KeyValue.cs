using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// A sort key (see <see cref="KeyIndexRadixSort.ToKey(double)"/>) with its row's value carried inline: any y.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct KeyValue : ISortRecord<KeyValue>
{
    public ulong Key;
    public double Value;

    public static KeyValue Create(ulong key, double value) => new() { Key = key, Value = value };

    public static ulong Bits(in KeyValue record) => record.Key;

    static ulong ISortRecord<KeyValue>.Key(in KeyValue record, ulong constantBits) => record.Key;

    static double ISortRecord<KeyValue>.Value(in KeyValue record) => record.Value;

    /// <summary>Any y: the solver takes it point by point.</summary>
    public static bool ValueIsBit => false;

    public static ulong ValueBit(in KeyValue record) => record.Value != 0 ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Less(in KeyValue a, in KeyValue b) => a.Key < b.Key || (a.Key == b.Key && a.Value < b.Value);

    /// <summary>Equal keys: by value, numpy's <c>lexsort((y, X))</c> for unweighted rows.</summary>
    public static void OrderTies(Span<KeyValue> records) =>
        records.Sort(static (p, q) => p.Value.CompareTo(q.Value));
}
