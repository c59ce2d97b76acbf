namespace MevAnalytics.Fitting;

/// <summary>Thrown in strict mode when an input row is invalid; names the row, the column and the value.</summary>
public sealed class InputRowException(string input, int rowIndex, string column, string problem)
    : ArgumentException($"{input} row {rowIndex}: column '{column}' {problem}")
{
    /// <summary>Zero-based index of the offending row in the input sequence.</summary>
    public int RowIndex { get; } = rowIndex;

    /// <summary>Column that failed validation.</summary>
    public string Column { get; } = column;
}
