namespace MevAnalytics.Jobs.Running;

/// <summary>How two recorded runs differ: the parameters that are not equal and every metric with its change, as
/// MLflow's run comparison shows them. Pure.</summary>
public sealed record RunComparison(
    IReadOnlyList<(string Key, string? A, string? B)> Parameters,
    IReadOnlyList<(string Key, double A, double B)> Metrics)
{
    /// <summary>Compares <paramref name="a"/> with <paramref name="b"/>: parameters present in either and unequal,
    /// metrics present in either (NaN where a run has none), both by key.</summary>
    public static RunComparison Of(RecordedRun a, RecordedRun b)
    {
        var parameters = a.Parameters.Keys.Union(b.Parameters.Keys).Order(StringComparer.Ordinal)
            .Select(k => (k, a.Parameters.GetValueOrDefault(k), b.Parameters.GetValueOrDefault(k)))
            .Where(p => p.Item2 != p.Item3).ToList();
        var metrics = a.Metrics.Keys.Union(b.Metrics.Keys).Order(StringComparer.Ordinal)
            .Select(k => (k, a.Metrics.GetValueOrDefault(k, double.NaN), b.Metrics.GetValueOrDefault(k, double.NaN)))
            .ToList();
        return new RunComparison(parameters, metrics);
    }
}
