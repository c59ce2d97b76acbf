using MevAnalytics.Fitting;

namespace MevAnalytics.Phase;

/// <summary>Settings of the per-leader phase statistics. Call <see cref="Validate"/> before use.</summary>
public sealed class PhaseOptions
{
    /// <summary>Slot length, ms; send phases must lie in [0, SlotMs). Default 400.</summary>
    public double SlotMs { get; set; } = 400;

    /// <summary>Width of the reported landing-rate bins, ms; must divide the slot. Default 25 (16 bins).</summary>
    public double BinWidthMs { get; set; } = 25;

    /// <summary>Leaders with fewer samples use the global cut-off profile. Default 500.</summary>
    public int MinSamples { get; set; } = 500;

    /// <summary>Leaders with fewer landing-time observations use the global Kalman parameters. Default 50.</summary>
    public int MinKalmanObservations { get; set; } = 50;

    /// <summary>Most recent landing-time observations per leader used in the Kalman fit (bounds the job's run time).
    /// Default 2000.</summary>
    public int MaxKalmanObservations { get; set; } = 2000;

    /// <summary>
    /// Fraction q of the plateau landing rate that defines the recommended send offset: the latest phase whose
    /// modelled landing rate is still q x plateau, i.e. c - s ln(q / (1 - q)). Default 0.95.
    /// </summary>
    public double TargetLandingFraction { get; set; } = 0.95;

    /// <summary>Throw <see cref="InputRowException"/> on the first invalid sample instead of skipping and counting it.
    /// Default false.</summary>
    public bool StrictInput { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(SlotMs > 0) || !double.IsFinite(SlotMs))
            throw Bad(nameof(SlotMs), SlotMs, "must be a positive finite number of ms");
        if (!(BinWidthMs > 0) || BinWidthMs > SlotMs
            || Math.Abs(SlotMs / BinWidthMs - Math.Round(SlotMs / BinWidthMs)) > 1e-9)
            throw Bad(nameof(BinWidthMs), BinWidthMs, $"must be positive and divide {nameof(SlotMs)} ({SlotMs})");
        if (MinSamples < 10) throw Bad(nameof(MinSamples), MinSamples, "must be >= 10");
        if (MinKalmanObservations < 10)
            throw Bad(nameof(MinKalmanObservations), MinKalmanObservations, "must be >= 10");
        if (MaxKalmanObservations < MinKalmanObservations)
            throw Bad(nameof(MaxKalmanObservations), MaxKalmanObservations,
                $"must be >= {nameof(MinKalmanObservations)} ({MinKalmanObservations})");
        if (!(TargetLandingFraction > 0.5 && TargetLandingFraction < 1))
            throw Bad(nameof(TargetLandingFraction), TargetLandingFraction, "must be in (0.5, 1)");
    }

    private static ArgumentOutOfRangeException Bad(string name, object value, string rule) =>
        new($"{nameof(PhaseOptions)}.{name}", value, $"{nameof(PhaseOptions)}.{name} {rule} (got {value}).");
}
