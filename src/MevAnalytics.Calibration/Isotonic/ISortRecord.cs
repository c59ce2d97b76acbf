namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// A row as <see cref="RecordBucketSort{TRecord}"/> orders it: radix bits that order records, an exact tie-break
/// beyond them, and the row's score key and value back for tie pooling.
/// </summary>
/// <typeparam name="TSelf">The record type (a small unmanaged struct, so the sort is specialised per type).</typeparam>
internal interface ISortRecord<TSelf> where TSelf : unmanaged, ISortRecord<TSelf>
{
    /// <summary>
    /// Builds the record of a row from its score key (<see cref="KeyIndexRadixSort.ToKey(double)"/>) and value.
    /// </summary>
    static abstract TSelf Create(ulong key, double value);

    /// <summary>Bits whose unsigned order is the record order, up to ties the record breaks by other means.</summary>
    static abstract ulong Bits(in TSelf record);

    /// <summary>The score key; <paramref name="constantBits"/> are key bits shared by every row of the fit.</summary>
    static abstract ulong Key(in TSelf record, ulong constantBits);

    /// <summary>The row's value (y).</summary>
    static abstract double Value(in TSelf record);

    /// <summary>True when every record's value is 0 or 1, so <see cref="ValueBit"/> gives it.</summary>
    static abstract bool ValueIsBit { get; }

    /// <summary>The value as one bit; meaningful only when <see cref="ValueIsBit"/>.</summary>
    static abstract ulong ValueBit(in TSelf record);

    /// <summary>Strict record order: bits, then value.</summary>
    static abstract bool Less(in TSelf a, in TSelf b);

    /// <summary>Orders records whose <see cref="Bits"/> are all equal.</summary>
    static abstract void OrderTies(Span<TSelf> records);
}
