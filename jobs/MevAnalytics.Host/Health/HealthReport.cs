namespace MevAnalytics.Host.Health;

/// <summary>What <c>/healthz</c> answers: 200 when every check passes, 503 otherwise.</summary>
/// <param name="ClickHouse">ClickHouse answered <c>SELECT 1</c>.</param>
/// <param name="Storage">Hangfire storage answered.</param>
/// <param name="Luts">Current tables and their ages.</param>
/// <param name="CheckedAtUtc">When the checks ran (the host answers from its latest background read).</param>
/// <param name="StateError">Why the answer is older than the refresh interval allows, if it is.</param>
public sealed record HealthReport(ComponentCheck ClickHouse, ComponentCheck Storage, IReadOnlyList<LutStatus> Luts,
    DateTime CheckedAtUtc, string? StateError = null)
{
    public bool Healthy => StateError is null && ClickHouse.Ok && Storage.Ok && Luts.All(l => !l.Stale);

    public string Status => Healthy ? "healthy" : "unhealthy";
}

/// <summary>One reachability check; <paramref name="Error"/> says why it failed.</summary>
public sealed record ComponentCheck(bool Ok, double Milliseconds, string? Error);
