namespace MevAnalytics.Jobs.Running;

/// <summary>A window [From, To) as a summary reports it (ISO-8601 UTC times).</summary>
public sealed record UtcWindow(DateTime From, DateTime To)
{
    /// <summary>The times of <paramref name="window"/>.</summary>
    public static UtcWindow Of(QueryWindow window) => new(window.From, window.To);
}
