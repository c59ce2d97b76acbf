using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Data.Schema;

/// <summary>
/// How long ClickHouse keeps each table's rows (section <c>Ttl</c>), applied by <c>mev migrate</c> (and every job's
/// start) as table TTLs: changing a value and migrating again changes the table. Raw history is kept shorter than the
/// 5-minute rollups the bandit, latency and report jobs read, so trends outlive the raw rows.
/// <c>0</c> keeps rows forever.
/// </summary>
public sealed class TtlOptions : ISectionOptions
{
    public const string SectionName = "Ttl";

    static string ISectionOptions.Section => SectionName;

    /// <summary>Raw sends (<c>landing_events</c>). Default 90 days.</summary>
    public TimeSpan LandingEvents { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Raw latency probes (<c>latency_samples</c>). Default 30 days.</summary>
    public TimeSpan LatencySamples { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Arm rollup (<c>rollup_arm_5m</c>). Default 730 days.</summary>
    public TimeSpan RollupArm5m { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Off-policy evaluation rollup (<c>rollup_ope_5m</c>). Default 730 days.</summary>
    public TimeSpan RollupOpe5m { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Latency rollup (<c>rollup_latency_5m</c>). Default 730 days.</summary>
    public TimeSpan RollupLatency5m { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Run history (<c>job_runs</c>). Default 730 days.</summary>
    public TimeSpan JobRuns { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Table, time column, configuration key and TTL in whole days (0 = none).</summary>
    public IReadOnlyList<(string Table, string Column, string Key, int Days)> Tables =>
    [
        ("landing_events", "ts", $"{SectionName}:LandingEvents", Days(LandingEvents)),
        ("latency_samples", "ts", $"{SectionName}:LatencySamples", Days(LatencySamples)),
        ("rollup_arm_5m", "bucket", $"{SectionName}:RollupArm5m", Days(RollupArm5m)),
        ("rollup_ope_5m", "bucket", $"{SectionName}:RollupOpe5m", Days(RollupOpe5m)),
        ("rollup_latency_5m", "bucket", $"{SectionName}:RollupLatency5m", Days(RollupLatency5m)),
        // The calibrate job's daily buckets stand for raw rows and are only used while the rows are there.
        ("rollup_calibration_1d", "day", $"{SectionName}:LandingEvents", Days(LandingEvents)),
        ("job_runs", "started_at", $"{SectionName}:JobRuns", Days(JobRuns)),
    ];

    /// <summary>Throws naming the key: negative or fractional days,
    /// or a rollup kept shorter than its raw rows.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(LandingEvents), LandingEvents), (nameof(LatencySamples), LatencySamples),
                     (nameof(RollupArm5m), RollupArm5m), (nameof(RollupOpe5m), RollupOpe5m),
                     (nameof(RollupLatency5m), RollupLatency5m), (nameof(JobRuns), JobRuns),
                 })
        {
            if (value < TimeSpan.Zero || value.Ticks % TimeSpan.TicksPerDay != 0)
                throw new ArgumentException(
                    $"{SectionName}:{name} {value} must be a whole number of days (0 keeps rows forever).");
        }
        Shorter(LandingEvents, nameof(LandingEvents), RollupArm5m, nameof(RollupArm5m));
        Shorter(LandingEvents, nameof(LandingEvents), RollupOpe5m, nameof(RollupOpe5m));
        Shorter(LatencySamples, nameof(LatencySamples), RollupLatency5m, nameof(RollupLatency5m));
    }

    private static void Shorter(TimeSpan raw, string rawKey, TimeSpan rollup, string rollupKey)
    {
        bool rollupShorter = rollup != TimeSpan.Zero && (raw == TimeSpan.Zero || rollup < raw);
        if (rollupShorter)
            throw new ArgumentException($"{SectionName}:{rollupKey} ({rollup.TotalDays:0} days) is shorter than " +
                                        $"{SectionName}:{rawKey} " +
                                        $"({(raw == TimeSpan.Zero ? "forever" : $"{raw.TotalDays:0} days")}): " +
                                        "the rollup would forget history whose raw rows still exist.");
    }

    private static int Days(TimeSpan value) => (int)value.TotalDays;
}
