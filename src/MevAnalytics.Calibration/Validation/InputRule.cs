using System.Globalization;

namespace MevAnalytics.Calibration.Validation;

/// <summary>
/// One rule a calibration input value must meet, defined once for every path: <see cref="Accepts"/> is what the exact,
/// file and snapshot readers apply to each value, and <see cref="Sql"/> is the same test as a ClickHouse expression,
/// which the push-down queries use to route bad rows away and count them (the two are checked against each other on
/// the same values in the engine's tests).
/// </summary>
/// <param name="Problem">What is wrong with a value that fails, for error messages ("a score outside [0, 1]").</param>
/// <param name="Accepts">The rule in C#.</param>
/// <param name="SqlTemplate">The rule in ClickHouse SQL, with <c>{0}</c> for the column expression.</param>
public sealed record InputRule(string Problem, Func<double, bool> Accepts, string SqlTemplate)
{
    /// <summary>The rule as ClickHouse SQL over <paramref name="column"/> (an expression of the query, never user
    /// input).</summary>
    public string Sql(string column) => string.Format(CultureInfo.InvariantCulture, SqlTemplate, column);
}
