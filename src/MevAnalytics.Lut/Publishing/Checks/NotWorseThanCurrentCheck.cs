namespace MevAnalytics.Lut;

/// <summary>
/// Job-supplied comparison against the current table (e.g. holdout log loss); passes when there is no current table.
/// </summary>
/// <param name="name">Name shown on failure, e.g. "holdout-logloss".</param>
/// <param name="compare">(candidate, current) -> result; the job evaluates both on its holdout.</param>
public sealed class NotWorseThanCurrentCheck(string name, Func<LutFile, LutFile, LutCheckResult> compare)
    : ILutGateCheck
{
    /// <inheritdoc/>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public LutCheckResult Check(LutFile candidate, LutFile? current) =>
        current is null ? LutCheckResult.Pass("no current table") : compare(candidate, current);
}
