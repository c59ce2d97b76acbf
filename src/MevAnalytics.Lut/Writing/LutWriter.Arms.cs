using MevAnalytics.Lut.Format;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

public static partial class LutWriter
{
    /// <summary>Kind 5: one record per (route, arm, leader group), sorted by that tuple (spec section 7).</summary>
    private static Section Arms(IReadOnlyList<BanditArm> arms, StringTableBuilder strings)
    {
        foreach (var a in arms)
            if (a.ArmIndex < 0)
                throw new ArgumentException($"bandit arm on route '{a.Route}': ArmIndex {a.ArmIndex} is negative",
                    nameof(arms));
        return Records(LutSectionKind.BanditArms, L.Arm.Size, arms,
            a => (strings.Id(a.Route), (uint)a.ArmIndex, strings.IdOrNone(a.LeaderGroup)),
            a => $"bandit arm route '{a.Route}' arm {a.ArmIndex} group '{a.LeaderGroup ?? "(none)"}'",
            (a, r) =>
            {
                LutBytes.WriteU32(r, L.Arm.Route, strings.Id(a.Route));
                LutBytes.WriteU32(r, L.Arm.ArmIndex, (uint)a.ArmIndex);
                LutBytes.WriteU32(r, L.Arm.LeaderGroup, strings.IdOrNone(a.LeaderGroup));
                LutBytes.WriteF64(r, L.Arm.Alpha, a.Alpha);
                LutBytes.WriteF64(r, L.Arm.Beta, a.Beta);
                LutBytes.WriteF64(r, L.Arm.DecayedPulls, a.DecayedPulls);
                LutBytes.WriteF64(r, L.Arm.DecayedLands, a.DecayedLands);
                LutBytes.WriteF64(r, L.Arm.PayoffMean, a.PayoffMean);
                LutBytes.WriteF64(r, L.Arm.PayoffVariance, a.PayoffVariance);
                LutBytes.WriteU64(r, L.Arm.TipLamports, a.TipLamports);
                LutBytes.WriteI64(r, L.Arm.LastUpdated, a.LastUpdatedUnixMs);
            });
    }
}
