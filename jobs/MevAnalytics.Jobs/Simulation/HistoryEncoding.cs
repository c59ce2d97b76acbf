using MevAnalytics.Data.Ingest;
using MevAnalytics.Simulation.History;
using MevAnalytics.Simulation.Market;

namespace MevAnalytics.Jobs.Simulation;

/// <summary>Encodes simulated batches as Native blocks of <c>landing_events</c> and <c>latency_samples</c>.</summary>
public sealed class HistoryEncoding
{
    /// <summary>Column order of the encoded landing blocks.</summary>
    public static readonly IReadOnlyList<string> LandingColumns =
    [
        "ts", "slot", "leader", "leader_group", "route", "tip_arm", "tip_lamports", "p_land_est", "ev_est_sol",
        "propensity", "phase_offset_ms", "landed", "payoff_sol", "land_latency_ms", "model_id", "policy",
    ];

    /// <summary>Column order of the encoded latency blocks.</summary>
    public static readonly IReadOnlyList<string> LatencyColumns = ["ts", "route", "endpoint", "region", "rtt_ms", "ok"];

    private readonly byte[][] _leaders;
    private readonly byte[][] _leaderGroups;
    private readonly byte[][] _routes;
    private readonly byte[][] _regions;
    private readonly byte[][][] _endpoints;
    private readonly ulong[] _tips;
    private readonly byte[] _modelId = BinaryBuffer.EncodeString(HistorySimulator.ModelId);
    private readonly byte[] _policy = BinaryBuffer.EncodeString(LoggingPolicy.Name);

    public HistoryEncoding(MarketModel market)
    {
        _leaders = market.Leaders.Select(l => BinaryBuffer.EncodeString(l.Id)).ToArray();
        _leaderGroups = market.Leaders.Select(l => BinaryBuffer.EncodeString(l.Group)).ToArray();
        _routes = market.Routes.Select(r => BinaryBuffer.EncodeString(r.Name)).ToArray();
        _regions = market.Routes.Select(r => BinaryBuffer.EncodeString(r.Region)).ToArray();
        _endpoints = market.Routes.Select(r => r.Endpoints.Select(BinaryBuffer.EncodeString).ToArray()).ToArray();
        _tips = market.TipLadderLamports.Select(t => (ulong)t).ToArray();
    }

    /// <summary>Encodes a whole batch as one Native block (columns in <see cref="LandingColumns"/> order).</summary>
    public void LandingNative(LandingEventBatch b, NativeBlockWriter w)
    {
        var n = b.Count;
        w.BeginBlock(LandingColumns.Count, n);
        w.Fixed<long>("ts", "DateTime64(3, 'UTC')", b.TsMs.AsSpan(0, n));
        w.Fixed<ulong>("slot", "UInt64", b.Slot.AsSpan(0, n));
        w.Strings("leader", "String", _leaders, b.Leader.AsSpan(0, n));
        w.Strings("leader_group", "String", _leaderGroups, b.Leader.AsSpan(0, n));
        w.Strings("route", "String", _routes, b.Route.AsSpan(0, n));
        w.Fixed<byte>("tip_arm", "UInt8", b.Arm.AsSpan(0, n));
        var tips = new ulong[n];
        for (var i = 0; i < n; i++) tips[i] = _tips[b.Arm[i]];
        w.Fixed<ulong>("tip_lamports", "UInt64", tips);
        w.Fixed<double>("p_land_est", "Float64", b.PLandEst.AsSpan(0, n));
        w.Fixed<double>("ev_est_sol", "Float64", b.EvEstSol.AsSpan(0, n));
        w.Fixed<double>("propensity", "Float64", b.Propensity.AsSpan(0, n));
        w.Fixed<float>("phase_offset_ms", "Float32", b.PhaseOffsetMs.AsSpan(0, n));
        w.Fixed<byte>("landed", "UInt8", b.Landed.AsSpan(0, n));
        w.Fixed<double>("payoff_sol", "Float64", b.PayoffSol.AsSpan(0, n));
        w.NullableFloat32("land_latency_ms", b.LandLatencyMs.AsSpan(0, n));
        w.Constant("model_id", "String", _modelId, n);
        w.Constant("policy", "String", _policy, n);
    }

    /// <summary>Encodes a whole batch as one Native block (columns in <see cref="LatencyColumns"/> order).</summary>
    public void LatencyNative(LatencySampleBatch b, NativeBlockWriter w)
    {
        var n = b.Count;
        w.BeginBlock(LatencyColumns.Count, n);
        w.Fixed<long>("ts", "DateTime64(3, 'UTC')", b.TsMs.AsSpan(0, n));
        w.Strings("route", "String", _routes, b.Route.AsSpan(0, n));
        var endpoints = new byte[n][];
        for (var i = 0; i < n; i++) endpoints[i] = _endpoints[b.Route[i]][b.Endpoint[i]];
        w.Strings("endpoint", "String", endpoints);
        w.Strings("region", "String", _regions, b.Route.AsSpan(0, n));
        w.Fixed<double>("rtt_ms", "Float64", b.RttMs.AsSpan(0, n));
        w.Fixed<byte>("ok", "UInt8", b.Ok.AsSpan(0, n));
    }
}
