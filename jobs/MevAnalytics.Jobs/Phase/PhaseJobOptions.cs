using MevAnalytics.Data.Configuration;
using MevAnalytics.Phase;

namespace MevAnalytics.Jobs.Phase;

/// <summary>Options of the <c>phase</c> job (configuration section <c>Phase</c>; the math under
/// <c>Phase:Model</c>).</summary>
public sealed class PhaseJobOptions : ISectionOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Phase";

    static string ISectionOptions.Section => SectionName;

    /// <summary>History read, ending at the run's clock. Default 7 days.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Fewer sends in the window and the table is not published. Default 1,000.</summary>
    public long MinSends { get; set; } = 1_000;

    /// <summary>
    /// Cut-off fits, bins, fallback thresholds and the per-leader landing-time cap
    /// (<see cref="PhaseOptions.MaxKalmanObservations"/>, also the <c>LIMIT n BY leader</c> of the landing-time read).
    /// </summary>
    public PhaseOptions Model { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Window <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException($"{SectionName}:{nameof(Window)}", Window,
                $"{SectionName}:{nameof(Window)} must be positive (got {Window}).");
        if (MinSends < 0)
            throw new ArgumentOutOfRangeException($"{SectionName}:{nameof(MinSends)}", MinSends,
                $"{SectionName}:{nameof(MinSends)} must be >= 0 (got {MinSends}).");
        ArgumentNullException.ThrowIfNull(Model, $"{SectionName}:{nameof(Model)}");
        Model.Validate();
    }
}
