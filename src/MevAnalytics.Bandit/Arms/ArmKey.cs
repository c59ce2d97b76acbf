namespace MevAnalytics.Bandit.Arms;

/// <summary>Identity of a bandit arm: route x tip arm, optionally split by leader group (null when grouping is
/// off).</summary>
public readonly record struct ArmKey(string Route, int Arm, string? LeaderGroup) : IComparable<ArmKey>
{
    /// <summary>Ordinal order (route, leader group, arm), used everywhere so seeded draws are reproducible.</summary>
    public int CompareTo(ArmKey other)
    {
        var c = string.CompareOrdinal(Route, other.Route);
        if (c != 0) return c;
        c = string.CompareOrdinal(LeaderGroup, other.LeaderGroup);
        return c != 0 ? c : Arm.CompareTo(other.Arm);
    }

    /// <inheritdoc />
    public override string ToString() => LeaderGroup is null ? $"{Route}/{Arm}" : $"{Route}/{Arm}@{LeaderGroup}";
}
