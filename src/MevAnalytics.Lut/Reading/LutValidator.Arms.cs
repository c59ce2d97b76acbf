using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

internal static partial class LutValidator
{
    private static readonly KeyColumn[] ArmKey =
    [
        new(L.Arm.Route, "route", StringRef: true),
        new(L.Arm.ArmIndex, "arm", StringRef: false),
        new(L.Arm.LeaderGroup, "group", StringRef: true, MayBeNone: true),
    ];

    /// <summary>Kind 5 (spec section 7): sorted by (route, arm_index, leader_group).</summary>
    private static void ValidateArms(ReadOnlySpan<byte> s, int rows, uint stringCount) =>
        ValidateKeyed(s, rows, L.Arm.Size, ArmKey, stringCount, "bandit arm");
}
