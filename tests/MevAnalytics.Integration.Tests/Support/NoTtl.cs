namespace MevAnalytics.Integration.Tests.Support;

/// <summary>
/// Test histories are simulated at fixed dates (reproducible), months in the past: with the default table TTLs a
/// migration would expire them at once. Every configuration that migrates a fixture engine turns the TTLs off.
/// </summary>
public static class NoTtl
{
    private static readonly string[] Keys =
        ["LandingEvents", "LatencySamples", "RollupArm5m", "RollupOpe5m", "RollupLatency5m", "JobRuns"];

    /// <summary>Configuration keys (<c>Ttl:…</c> = 0).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
        Keys.Select(k => new KeyValuePair<string, string?>($"Ttl:{k}", "00:00:00"));

    /// <summary>The same as environment variables of a <c>mev</c> process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment =>
        Keys.Select(k => new KeyValuePair<string, string>($"MEV_Ttl__{k}", "00:00:00"));
}
