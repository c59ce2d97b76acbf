using System.Threading.Channels;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Simulation;
using MevAnalytics.Simulation.History;
using MevAnalytics.Simulation.Truth;

namespace MevAnalytics.Jobs.Simulation;

/// <summary>
/// Simulates history and bulk-loads it: hours are generated in parallel (each from its own random stream, so the
/// rows do not depend on scheduling), encoded as Native blocks and inserted over two concurrent HTTP streams.
/// </summary>
public static class HistoryLoader
{
    /// <summary>What was loaded.</summary>
    public sealed record Result(long LandingRows, long LatencyRows, GroundTruth Truth, TimeSpan Elapsed);

    /// <summary>Progress: landing rows loaded so far, out of the expected count.</summary>
    public delegate void Progress(long loadedRows, long expectedRows);

    /// <summary>Generates and loads the history described by <paramref name="options"/>; <paramref name="onChunk"/>
    /// sees every generated hour in index order (e.g. to write Parquet snapshots).</summary>
    public static async Task<Result> LoadAsync(ClickHouseGateway db, SimulationOptions options, DateTime utcNow,
        Progress? progress = null, Func<HistoryChunk, Task>? onChunk = null, CancellationToken ct = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sim = new HistorySimulator(options, utcNow);
        var encoding = new HistoryEncoding(sim.Market);
        var tallies = new TruthTally[sim.ChunkCount];
        var encoded =
            Channel.CreateBounded<(string Table, IReadOnlyList<string> Columns, NativeBlockWriter Rows, int Count)>(4);
        var ordered = new OrderedChunks(onChunk);
        long landingRows = 0, latencyRows = 0, loaded = 0;
        var next = -1;

        async Task GenerateAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < sim.ChunkCount)
            {
                var chunk = sim.Generate(index);
                tallies[index] = chunk.Truth;
                Interlocked.Add(ref landingRows, chunk.Landing.Count);
                Interlocked.Add(ref latencyRows, chunk.Latency.Count);
                var landing = new NativeBlockWriter(chunk.Landing.Count * 170 + 1024);
                encoding.LandingNative(chunk.Landing, landing);
                await encoded.Writer.WriteAsync(
                    ("landing_events", HistoryEncoding.LandingColumns, landing, chunk.Landing.Count), ct);
                var latency = new NativeBlockWriter(chunk.Latency.Count * 64 + 1024);
                encoding.LatencyNative(chunk.Latency, latency);
                await encoded.Writer.WriteAsync(("latency_samples", HistoryEncoding.LatencyColumns, latency, 0), ct);
                await ordered.AddAsync(chunk);
            }
        }

        async Task ConsumeAsync()
        {
            await foreach (var (table, columns, rows, count) in encoded.Reader.ReadAllAsync(ct))
            {
                await InsertAsync(db, table, columns, rows.Written, ct);
                progress?.Invoke(Interlocked.Add(ref loaded, count), sim.ExpectedSends);
            }
        }

        var inserters = new[] { ConsumeAsync(), ConsumeAsync() };
        try
        {
            await Task.WhenAll(GenerateAsync(), GenerateAsync());
        }
        finally
        {
            encoded.Writer.TryComplete();
        }
        await Task.WhenAll(inserters);
        await ordered.FlushAsync();

        var truth = new TruthTally(sim.Market.Routes.Count, sim.Market.TipLadderLamports.Count);
        foreach (var t in tallies) truth.Add(t);
        return new Result(landingRows, latencyRows,
            GroundTruth.From(sim, truth, landingRows, latencyRows, options.SendsPerSecond, options.Seed),
            clock.Elapsed);
    }

    /// <summary>Inserts a pre-encoded Native block.</summary>
    public static Task InsertAsync(ClickHouseGateway db, string table, IReadOnlyList<string> columns,
        ReadOnlyMemory<byte> block, CancellationToken ct) =>
        db.InsertRawAsync(table, columns, "Native", () => new ReadOnlyMemoryStream(block), ct);

    /// <summary>Hands chunks to a consumer in index order although they are generated out of order.</summary>
    private sealed class OrderedChunks(Func<HistoryChunk, Task>? consumer)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly SortedDictionary<int, HistoryChunk> _waiting = [];
        private int _next;

        public async Task AddAsync(HistoryChunk chunk)
        {
            if (consumer is null) return;
            await _gate.WaitAsync();
            try
            {
                _waiting.Add(chunk.Index, chunk);
                while (_waiting.Remove(_next, out var ready))
                {
                    await consumer(ready);
                    _next++;
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        public Task FlushAsync() => Task.CompletedTask; // every index is produced exactly once, so nothing is left over
    }
}
