using MevAnalytics.Lut.Format;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

public static partial class LutWriter
{
    /// <summary>Kind 7: one record per leader, sorted (spec section 9).</summary>
    private static Section Phases(IReadOnlyList<PhaseOffset> rows, StringTableBuilder strings)
    {
        foreach (var p in rows)
            if (p.SampleCount < 0)
                throw new ArgumentException($"phase leader '{p.Leader}': SampleCount {p.SampleCount} is negative",
                    nameof(rows));
        return Records(LutSectionKind.PhaseOffsets, L.Phase.Size, rows,
            p => (strings.Id(p.Leader), 0u, 0u),
            p => $"phase leader '{p.Leader}'",
            (p, r) =>
            {
                LutBytes.WriteU32(r, L.Phase.Leader, strings.Id(p.Leader));
                LutBytes.WriteU64(r, L.Phase.SampleCount, (ulong)p.SampleCount);
                LutBytes.WriteF64(r, L.Phase.OptimalOffset, p.OptimalOffsetMs);
                LutBytes.WriteF64(r, L.Phase.Spread, p.SpreadMs);
                LutBytes.WriteF64(r, L.Phase.KalmanState, p.KalmanInitialState);
                LutBytes.WriteF64(r, L.Phase.KalmanVariance, p.KalmanInitialVariance);
                LutBytes.WriteF64(r, L.Phase.ProcessNoise, p.ProcessNoise);
                LutBytes.WriteF64(r, L.Phase.MeasurementNoise, p.MeasurementNoise);
            });
    }
}
