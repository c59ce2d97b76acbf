using MevAnalytics.Simulation.History;
using MevAnalytics.Simulation.Market;
using Parquet;
using Parquet.Schema;

namespace MevAnalytics.Jobs.Simulation;

/// <summary>
/// Writes simulated history as Parquet (<c>landing_events.parquet</c>, <c>latency_samples.parquet</c>), one row group
/// per hour, with the same columns as the ClickHouse tables. Chunks must arrive in index order.
/// </summary>
public sealed class HistoryParquetWriter : IAsyncDisposable
{
    private static readonly DataField<DateTime> Ts = new("ts");
    private static readonly DataField<long> Slot = new("slot");
    private static readonly DataField<string> Leader = new("leader");
    private static readonly DataField<string> LeaderGroup = new("leader_group");
    private static readonly DataField<string> Route = new("route");
    private static readonly DataField<int> TipArm = new("tip_arm");
    private static readonly DataField<long> TipLamports = new("tip_lamports");
    private static readonly DataField<double> PLandEst = new("p_land_est");
    private static readonly DataField<double> EvEst = new("ev_est_sol");
    private static readonly DataField<double> Propensity = new("propensity");
    private static readonly DataField<float> Phase = new("phase_offset_ms");
    private static readonly DataField<int> Landed = new("landed");
    private static readonly DataField<double> Payoff = new("payoff_sol");
    private static readonly DataField<float?> LandLatency = new("land_latency_ms");
    private static readonly DataField<string> ModelId = new("model_id");
    private static readonly DataField<string> Policy = new("policy");

    private static readonly DataField<DateTime> LTs = new("ts");
    private static readonly DataField<string> LRoute = new("route");
    private static readonly DataField<string> LEndpoint = new("endpoint");
    private static readonly DataField<string> LRegion = new("region");
    private static readonly DataField<double> LRtt = new("rtt_ms");
    private static readonly DataField<int> LOk = new("ok");

    private readonly MarketModel _market;
    private readonly Stream _landingStream;
    private readonly Stream _latencyStream;
    private readonly ParquetWriter _landing;
    private readonly ParquetWriter _latency;

    private HistoryParquetWriter(MarketModel market, Stream landingStream, Stream latencyStream, ParquetWriter landing,
        ParquetWriter latency)
    {
        _market = market;
        _landingStream = landingStream;
        _latencyStream = latencyStream;
        _landing = landing;
        _latency = latency;
    }

    /// <summary>Creates both files in <paramref name="directory"/>.</summary>
    public static async Task<HistoryParquetWriter> CreateAsync(string directory, MarketModel market,
        CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        var landingStream = File.Create(Path.Combine(directory, "landing_events.parquet"));
        var latencyStream = File.Create(Path.Combine(directory, "latency_samples.parquet"));
        var landing = await ParquetWriter.CreateAsync(new ParquetSchema(Ts, Slot, Leader, LeaderGroup, Route, TipArm,
            TipLamports, PLandEst, EvEst, Propensity, Phase, Landed, Payoff, LandLatency, ModelId, Policy),
            landingStream, cancellationToken: ct);
        var latency = await ParquetWriter.CreateAsync(new ParquetSchema(LTs, LRoute, LEndpoint, LRegion, LRtt, LOk),
            latencyStream, cancellationToken: ct);
        return new HistoryParquetWriter(market, landingStream, latencyStream, landing, latency);
    }

    /// <summary>Appends one hour as a row group of each file.</summary>
    public async Task WriteAsync(HistoryChunk chunk, CancellationToken ct = default)
    {
        var b = chunk.Landing;
        var n = b.Count;
        if (n > 0)
        {
            using var g = _landing.CreateRowGroup();
            await g.WriteAsync<DateTime>(Ts, b.TsMs.Take(n).Select(ToTime).ToArray(), cancellationToken: ct);
            await g.WriteAsync<long>(Slot, b.Slot.Take(n).Select(s => (long)s).ToArray(), cancellationToken: ct);
            await g.WriteAsync(Leader, b.Leader.Take(n).Select(l => _market.Leaders[l].Id).ToArray());
            await g.WriteAsync(LeaderGroup, b.Leader.Take(n).Select(l => _market.Leaders[l].Group).ToArray());
            await g.WriteAsync(Route, b.Route.Take(n).Select(r => _market.Routes[r].Name).ToArray());
            await g.WriteAsync<int>(TipArm, b.Arm.Take(n).Select(a => (int)a).ToArray(), cancellationToken: ct);
            await g.WriteAsync<long>(TipLamports, b.Arm.Take(n).Select(a => _market.TipLadderLamports[a]).ToArray(),
                cancellationToken: ct);
            await g.WriteAsync<double>(PLandEst, b.PLandEst.AsMemory(0, n), cancellationToken: ct);
            await g.WriteAsync<double>(EvEst, b.EvEstSol.AsMemory(0, n), cancellationToken: ct);
            await g.WriteAsync<double>(Propensity, b.Propensity.AsMemory(0, n), cancellationToken: ct);
            await g.WriteAsync<float>(Phase, b.PhaseOffsetMs.AsMemory(0, n), cancellationToken: ct);
            await g.WriteAsync<int>(Landed, b.Landed.Take(n).Select(l => (int)l).ToArray(), cancellationToken: ct);
            await g.WriteAsync<double>(Payoff, b.PayoffSol.AsMemory(0, n), cancellationToken: ct);
            await g.WriteAsync<float>(LandLatency,
                b.LandLatencyMs.Take(n).Select(v => float.IsNaN(v) ? (float?)null : v).ToArray(),
                cancellationToken: ct);
            await g.WriteAsync(ModelId, Enumerable.Repeat(HistorySimulator.ModelId, n).ToArray());
            await g.WriteAsync(Policy, Enumerable.Repeat(LoggingPolicy.Name, n).ToArray());
        }
        var l = chunk.Latency;
        if (l.Count > 0)
        {
            using var g = _latency.CreateRowGroup();
            var m = l.Count;
            await g.WriteAsync<DateTime>(LTs, l.TsMs.Take(m).Select(ToTime).ToArray(), cancellationToken: ct);
            await g.WriteAsync(LRoute, l.Route.Take(m).Select(r => _market.Routes[r].Name).ToArray());
            await g.WriteAsync(LEndpoint,
                Enumerable.Range(0, m).Select(i => _market.Routes[l.Route[i]].Endpoints[l.Endpoint[i]]).ToArray());
            await g.WriteAsync(LRegion, l.Route.Take(m).Select(r => _market.Routes[r].Region).ToArray());
            await g.WriteAsync<double>(LRtt, l.RttMs.AsMemory(0, m), cancellationToken: ct);
            await g.WriteAsync<int>(LOk, l.Ok.Take(m).Select(o => (int)o).ToArray(), cancellationToken: ct);
        }
    }

    private static DateTime ToTime(long ms) => DateTime.UnixEpoch.AddMilliseconds(ms);

    public async ValueTask DisposeAsync()
    {
        await _landing.DisposeAsync();
        await _latency.DisposeAsync();
        await _landingStream.DisposeAsync();
        await _latencyStream.DisposeAsync();
    }
}
