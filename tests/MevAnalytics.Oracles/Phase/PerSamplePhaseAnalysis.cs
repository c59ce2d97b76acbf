using MevAnalytics.Fitting;
using MevAnalytics.Phase;

namespace MevAnalytics.Oracles.Phase;

/// <summary>
/// Test entry point over raw sends: checks each sample, reduces the valid ones to the 1 ms per-leader histogram the
/// job's ClickHouse query returns (<c>GROUP BY leader, floor(phase_offset_ms)</c>) plus every landing time, and runs
/// the product's <see cref="PhaseAnalysis.Analyze"/> on that. Lets tests drive the job's math from simulated sends.
/// </summary>
public static class PerSamplePhaseAnalysis
{
    /// <summary>
    /// Samples with an empty leader, a phase outside [0, slot) or non-finite, or a negative/non-finite land latency
    /// are skipped and counted under "column problem" (or throw <see cref="InputRowException"/> when
    /// <see cref="PhaseOptions.StrictInput"/>), each once, with its index in <paramref name="samples"/>.
    /// </summary>
    public static PhaseAnalysisResult Analyze(IEnumerable<PhaseSample> samples, PhaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var skipped = new SkipTally();
        var valid = new List<PhaseSample>();
        var index = 0;
        foreach (var s in samples)
        {
            var problem = Check(s, options.SlotMs, out var column);
            if (problem is null) valid.Add(s);
            else if (options.StrictInput) throw new InputRowException("phase sample", index, column, problem);
            else skipped.Add($"{column} {problem}", index);
            index++;
        }
        var histogram = valid.GroupBy(s => (s.Leader, Bin: Math.Floor(s.PhaseOffsetMs)))
            .Select(g => new PhaseHistogramRow(g.Key.Leader, g.Key.Bin, g.Count(), g.Count(s => s.Landed)))
            .ToList();
        var result = PhaseAnalysis.Analyze(histogram, valid, options);
        return result with { Skipped = skipped };
    }

    private static string? Check(PhaseSample s, double slotMs, out string column)
    {
        column = nameof(PhaseSample.Leader);
        if (string.IsNullOrWhiteSpace(s.Leader)) return "is empty";
        column = nameof(PhaseSample.PhaseOffsetMs);
        if (!double.IsFinite(s.PhaseOffsetMs)) return "is not finite";
        if (s.PhaseOffsetMs < 0 || s.PhaseOffsetMs >= slotMs) return $"is outside [0, {slotMs})";
        column = nameof(PhaseSample.LandLatencyMs);
        if (s.LandLatencyMs is { } l && (!double.IsFinite(l) || l < 0)) return "is negative or not finite";
        return null;
    }
}
