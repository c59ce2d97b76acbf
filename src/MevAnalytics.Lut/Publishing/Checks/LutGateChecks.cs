namespace MevAnalytics.Lut;

/// <summary>The standard gate list.</summary>
public static class LutGateChecks
{
    /// <summary>Finite values, probabilities in [0, 1], monotone curves, at least <paramref name="minRows"/> rows, plus any job checks.</summary>
    public static IReadOnlyList<ILutGateCheck> Standard(long minRows, params ILutGateCheck[] jobChecks) =>
        [new FiniteValuesCheck(), new ProbabilityRangeCheck(), new MonotoneCalibrationCheck(), new MinRowsCheck(minRows), .. jobChecks];
}
