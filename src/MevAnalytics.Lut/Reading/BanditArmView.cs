using System.Text;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>Zero-copy view of one bandit arm record.</summary>
public readonly ref struct BanditArmView : ILutRecordView<BanditArmView>
{
    private readonly ReadOnlySpan<byte> _r;

    internal BanditArmView(ReadOnlySpan<byte> record, ReadOnlySpan<byte> route, ReadOnlySpan<byte> leaderGroup)
    {
        _r = record;
        RouteUtf8 = route;
        LeaderGroupUtf8 = leaderGroup;
    }

    static int ILutRecordView<BanditArmView>.Size => L.Arm.Size;

    static BanditArmView ILutRecordView<BanditArmView>.Create(ReadOnlySpan<byte> record, ReadOnlySpan<byte> strings)
    {
        uint group = U32(record, L.Arm.LeaderGroup);
        return new(record, LutLookup.StringAt(strings, (int)U32(record, L.Arm.Route)),
            group == LutFormat.None ? default : LutLookup.StringAt(strings, (int)group));
    }

    /// <summary>Route key (UTF-8).</summary>
    public ReadOnlySpan<byte> RouteUtf8 { get; }

    /// <summary>Leader group key (UTF-8), empty for the route-wide arm.</summary>
    public ReadOnlySpan<byte> LeaderGroupUtf8 { get; }

    /// <summary>Route key (allocates).</summary>
    public string Route => Encoding.UTF8.GetString(RouteUtf8);

    /// <summary>Leader group (allocates), null for the route-wide arm.</summary>
    public string? LeaderGroup => HasLeaderGroup ? Encoding.UTF8.GetString(LeaderGroupUtf8) : null;

    /// <summary>True if this row is specific to a leader group.</summary>
    public bool HasLeaderGroup => U32(_r, L.Arm.LeaderGroup) != LutFormat.None;

    /// <summary>Arm index within the route.</summary>
    public int ArmIndex => (int)U32(_r, L.Arm.ArmIndex);

    /// <summary>Beta posterior alpha.</summary>
    public double Alpha => F64(_r, L.Arm.Alpha);

    /// <summary>Beta posterior beta.</summary>
    public double Beta => F64(_r, L.Arm.Beta);

    /// <summary>Exponentially decayed pull (send) count.</summary>
    public double DecayedPulls => F64(_r, L.Arm.DecayedPulls);

    /// <summary>Exponentially decayed landed count.</summary>
    public double DecayedLands => F64(_r, L.Arm.DecayedLands);

    /// <summary>Mean payoff of a landed send, in lamports (as the bandit job computes it).</summary>
    public double PayoffMean => F64(_r, L.Arm.PayoffMean);

    /// <summary>Payoff variance, lamports^2.</summary>
    public double PayoffVariance => F64(_r, L.Arm.PayoffVariance);

    /// <summary>Tip in lamports.</summary>
    public ulong TipLamports => U64(_r, L.Arm.TipLamports);

    /// <summary>Last observation, unix epoch milliseconds (UTC).</summary>
    public long LastUpdatedUnixMs => I64(_r, L.Arm.LastUpdated);
}
