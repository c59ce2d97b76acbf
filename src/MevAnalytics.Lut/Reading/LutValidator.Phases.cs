using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

internal static partial class LutValidator
{
    private static readonly KeyColumn[] PhaseKey = [new(L.Phase.Leader, "leader", StringRef: true)];

    /// <summary>Kind 7 (spec section 9): sorted by leader.</summary>
    private static void ValidatePhases(ReadOnlySpan<byte> s, int rows, uint stringCount) =>
        ValidateKeyed(s, rows, L.Phase.Size, PhaseKey, stringCount, "phase row");
}
