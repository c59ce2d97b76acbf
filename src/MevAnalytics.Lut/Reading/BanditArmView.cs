using System.Text;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;

namespace MevAnalytics.Lut;

/// <summary>Zero-copy view of one bandit arm record.</summary>
public readonly ref struct BanditArmView
{
    private readonly ReadOnlySpan<byte> _r;

    internal BanditArmView(ReadOnlySpan<byte> record, ReadOnlySpan<byte> route, ReadOnlySpan<byte> leaderGroup)
    {
        _r = record;
        RouteUtf8 = route;
        LeaderGroupUtf8 = leaderGroup;
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
    public bool HasLeaderGroup => U32(_r, 8) != LutFormat.None;

    /// <summary>Arm index within the route.</summary>
    public int ArmIndex => (int)U32(_r, 4);

    /// <summary>Beta posterior alpha.</summary>
    public double Alpha => F64(_r, 16);

    /// <summary>Beta posterior beta.</summary>
    public double Beta => F64(_r, 24);

    /// <summary>Decayed pulls.</summary>
    public double DecayedPulls => F64(_r, 32);

    /// <summary>Decayed lands.</summary>
    public double DecayedLands => F64(_r, 40);

    /// <summary>Payoff mean.</summary>
    public double PayoffMean => F64(_r, 48);

    /// <summary>Payoff variance.</summary>
    public double PayoffVariance => F64(_r, 56);

    /// <summary>Tip in lamports.</summary>
    public ulong TipLamports => U64(_r, 64);

    /// <summary>Last update, unix ms.</summary>
    public long LastUpdatedUnixMs => I64(_r, 72);
}
