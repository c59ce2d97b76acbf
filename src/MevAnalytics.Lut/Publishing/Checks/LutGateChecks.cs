namespace MevAnalytics.Lut;

/// <summary>The standard gate list.</summary>
public static class LutGateChecks
{
    /// <summary>Finite values, probabilities in [0, 1], monotone curves, at least <paramref name="minRows"/> rows,
    /// plus any job checks.</summary>
    public static IReadOnlyList<ILutGateCheck> Standard(long minRows, params ILutGateCheck[] jobChecks) =>
        Standard(minRows, isProbabilitySegment: null, jobChecks);

    /// <summary>The standard checks, with the [0, 1] range applied only to the calibration segments
    /// <paramref name="isProbabilitySegment"/> selects (null: all).</summary>
    public static IReadOnlyList<ILutGateCheck> Standard(long minRows, Func<string, bool>? isProbabilitySegment,
        params ILutGateCheck[] jobChecks) =>
    [
        new FiniteValuesCheck(), new ProbabilityRangeCheck(isProbabilitySegment), new MonotoneCalibrationCheck(),
        new MinRowsCheck(minRows), .. jobChecks
    ];
}
