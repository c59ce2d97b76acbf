using MevAnalytics.Lut.Format;

namespace MevAnalytics.Lut;

public readonly ref partial struct LutReader
{
    private LutRecords<BanditArmView> Arms => new(_arms, _strings);

    /// <summary>Arm rows in the file (kind 5).</summary>
    public int ArmCount => Arms.Count;

    /// <summary>Arm row i.</summary>
    public BanditArmView ArmAt(int index) => Arms.At(index);

    /// <summary>The arm row for (route, arm, leader group); falls back to the route-wide row when the group has
    /// none.</summary>
    public bool TryGetArm(ReadOnlySpan<char> route, int arm, ReadOnlySpan<char> leaderGroup, out BanditArmView view)
    {
        int routeId = FindString(route);
        view = default;
        if (routeId < 0 || arm < 0) return false;
        int row = -1;
        if (!leaderGroup.IsEmpty && FindString(leaderGroup) is var groupId and >= 0)
            row = Arms.Find((uint)routeId, (uint)arm, (uint)groupId);
        if (row < 0) row = Arms.Find((uint)routeId, (uint)arm, LutFormat.None);
        if (row < 0) return false;
        view = Arms.At(row);
        return true;
    }

    /// <summary>The route-wide arm row for (route, arm).</summary>
    public bool TryGetArm(ReadOnlySpan<char> route, int arm, out BanditArmView view) =>
        TryGetArm(route, arm, default, out view);

    /// <summary>The route-wide arm row for (route, arm).</summary>
    /// <exception cref="KeyNotFoundException">No such row.</exception>
    public BanditArmView Arm(ReadOnlySpan<char> route, int arm) =>
        TryGetArm(route, arm, default, out var v) ? v : throw NotFound("bandit arm", $"{route}/{arm}");
}
