using MevAnalytics.Data.Configuration;
using MevAnalytics.Latency;

namespace MevAnalytics.Jobs.Latency;

/// <summary>Options of the <c>latency</c> job (configuration section <c>Latency</c>; SLOs and hedging under
/// <c>Latency:Model</c>).</summary>
public sealed class LatencyJobOptions : ISectionOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Latency";

    static string ISectionOptions.Section => SectionName;

    /// <summary>Window whose statistics go into the LUT, ending at the run's clock. Default 24 hours.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Further windows reported in the summary JSON only (the LUT holds one row per route x endpoint). Default
    /// 1 hour and 7 days.</summary>
    public List<TimeSpan> SummaryWindows { get; set; } = [TimeSpan.FromHours(1), TimeSpan.FromDays(7)];

    /// <summary>Fewer probes in <see cref="Window"/> and the table is not published. Default 100.</summary>
    public long MinSamples { get; set; } = 100;

    /// <summary>Per-route SLO targets, hedge tail probability, minimum samples per endpoint.</summary>
    public LatencyOptions Model { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Window <= TimeSpan.Zero) throw Bad(nameof(Window), Window, "must be positive");
        ArgumentNullException.ThrowIfNull(SummaryWindows, $"{SectionName}:{nameof(SummaryWindows)}");
        foreach (var w in SummaryWindows)
            if (w <= TimeSpan.Zero) throw Bad(nameof(SummaryWindows), w, "entries must be positive");
        if (MinSamples < 0) throw Bad(nameof(MinSamples), MinSamples, "must be >= 0");
        ArgumentNullException.ThrowIfNull(Model, $"{SectionName}:{nameof(Model)}");
        Model.Validate();
    }

    private static ArgumentOutOfRangeException Bad(string name, object value, string rule) =>
        new($"{SectionName}:{name}", value, $"{SectionName}:{name} {rule} (got {value}).");
}
