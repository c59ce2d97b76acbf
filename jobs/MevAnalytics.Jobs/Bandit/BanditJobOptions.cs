using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>Options of the <c>bandit</c> job (configuration section <c>Bandit</c>; the math under
/// <c>Bandit:Model</c>).</summary>
public sealed class BanditJobOptions : ISectionOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bandit";

    static string ISectionOptions.Section => SectionName;

    /// <summary>Rollup history read, ending at the run's clock. Default 7 days (decay does the weighting inside
    /// it).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Most recent slice of logged decisions used for off-policy evaluation (all of it, reduced in ClickHouse
    /// to per-action sums). Default 6 hours.</summary>
    public TimeSpan OpeSlice { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Apply the decay in ClickHouse and read one row of weighted sums per arm (default true); false reads every
    /// 5-minute bucket and decays in the job (same result, kept as the reference path). Weights are relative to the
    /// window's end, so Window / HalfLife above ~500 would underflow old buckets' w^2 to 0 (they weigh nothing anyway).
    /// </summary>
    public bool DecayInDatabase { get; set; } = true;

    /// <summary>Estimator the policy gate reads. Default DoublyRobust.</summary>
    public OpeEstimator GateEstimator { get; set; } = OpeEstimator.DoublyRobust;

    /// <summary>Fewer sends (rollup pulls) in the window and the table is not published. Default 1,000.</summary>
    public long MinSends { get; set; } = 1_000;

    /// <summary>Decay, prior, Monte Carlo, OPE and gate settings of the fit.</summary>
    public BanditOptions Model { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Window <= TimeSpan.Zero) throw Bad(nameof(Window), Window, "must be positive");
        if (OpeSlice <= TimeSpan.Zero || OpeSlice > Window)
            throw Bad(nameof(OpeSlice), OpeSlice, $"must be positive and <= {nameof(Window)} ({Window})");
        if (MinSends < 0) throw Bad(nameof(MinSends), MinSends, "must be >= 0");
        ArgumentNullException.ThrowIfNull(Model, $"{SectionName}:{nameof(Model)}");
        Model.Validate();
    }

    private static ArgumentOutOfRangeException Bad(string name, object value, string rule) =>
        new($"{SectionName}:{name}", value, $"{SectionName}:{name} {rule} (got {value}).");
}
