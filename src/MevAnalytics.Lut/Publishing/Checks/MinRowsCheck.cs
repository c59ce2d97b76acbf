namespace MevAnalytics.Lut;

/// <summary>The table was computed from at least <see cref="MinRows"/> input rows (header rows_used).</summary>
public sealed class MinRowsCheck(long minRows) : ILutGateCheck
{
    /// <summary>Required rows.</summary>
    public long MinRows { get; } = minRows >= 0
        ? minRows
        : throw new ArgumentOutOfRangeException(nameof(minRows), minRows, "minRows must be >= 0");

    /// <inheritdoc/>
    public string Name => "min-rows";

    /// <inheritdoc/>
    public LutCheckResult Check(LutFile candidate, LutFile? current) =>
        candidate.Header.RowsUsed >= MinRows
            ? LutCheckResult.Pass()
            : LutCheckResult.Fail($"rows_used {candidate.Header.RowsUsed} < required {MinRows}");
}
