using System.Diagnostics;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;
using MevAnalytics.Simulation.History;

namespace MevAnalytics.Bench.Ingest;

/// <summary>
/// Bulk-load speed: simulated landing rows are generated and encoded as Native blocks first (not timed), then loaded
/// into a scratch copy of <c>landing_events</c> over one and over two concurrent streams.
/// </summary>
public static class IngestBench
{
    public const double TargetRowsPerSecond = 1_500_000;

    public sealed record Result(long Rows, long Bytes, TimeSpan OneStream, TimeSpan TwoStreams, TimeSpan Generate)
    {
        public double TwoStreamRowsPerSecond => Rows / TwoStreams.TotalSeconds;
        public double OneStreamRowsPerSecond => Rows / OneStream.TotalSeconds;

        public IEnumerable<string> Lines()
        {
            yield return $"rows: {Rows:N0} ({Bytes / (double)Rows:0} bytes/row Native); " +
                         $"generate+encode: {Rows / Generate.TotalSeconds:N0} rows/s";
            yield return $"ingest one stream:  {OneStreamRowsPerSecond:N0} rows/s";
            yield return $"ingest two streams: {TwoStreamRowsPerSecond:N0} rows/s";
            yield return $"ratio to target {TargetRowsPerSecond:N0} rows/s: " +
                         $"{TwoStreamRowsPerSecond / TargetRowsPerSecond:0.00}x " +
                         (TwoStreamRowsPerSecond >= TargetRowsPerSecond ? "(meets target)" : "(BELOW target)");
        }
    }

    public static async Task<Result> RunAsync(AnalyticsStore store, int rows, Action<string>? log, CancellationToken ct)
    {
        await store.MigrateAsync(log, ct);
        const double rate = 200;
        var options = new SimulationOptions
        {
            Days = rows / (rate * 86_400),
            SendsPerSecond = rate,
            Seed = 99,
            End = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            ProbeInterval = TimeSpan.FromHours(1),
        };
        var generate = Stopwatch.StartNew();
        var sim = new HistorySimulator(options, DateTime.UtcNow);
        var encoding = new HistoryEncoding(sim.Market);
        var buffers = new (ReadOnlyMemory<byte> Bytes, int Rows)[sim.ChunkCount];
        Parallel.For(0, sim.ChunkCount, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, i =>
        {
            var chunk = sim.Generate(i);
            var writer = new NativeBlockWriter(chunk.Landing.Count * 160 + 1024);
            encoding.LandingNative(chunk.Landing, writer);
            buffers[i] = (writer.Written, chunk.Landing.Count);
        });
        generate.Stop();
        long total = buffers.Sum(b => (long)b.Rows);
        long bytes = buffers.Sum(b => (long)b.Bytes.Length);
        log?.Invoke($"generated {total:N0} rows in {generate.Elapsed.TotalSeconds:0.0} s");

        var table = $"{store.Layout.Database}.bench_ingest";
        async Task<TimeSpan> LoadAsync(int streams)
        {
            await store.Db.ExecuteAsync($"DROP TABLE IF EXISTS {table} SYNC", null, ct);
            await store.Db.ExecuteAsync($"CREATE TABLE {table} AS {store.Layout.Storage("landing_events")}", null, ct);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, streams).Select(async s =>
            {
                for (var i = s; i < buffers.Length; i += streams)
                    await HistoryLoader.InsertAsync(store.Db, table, HistoryEncoding.LandingColumns,
                        buffers[i].Bytes, ct);
            }));
            clock.Stop();
            var loaded = await store.Db.ScalarAsync<long>($"SELECT count() FROM {table}", null, ct);
            if (loaded != total) throw new InvalidOperationException($"bench loaded {loaded} rows, expected {total}");
            return clock.Elapsed;
        }

        var one = await LoadAsync(1);
        var two = await LoadAsync(2);
        await store.Db.ExecuteAsync($"DROP TABLE IF EXISTS {table} SYNC", null, ct);
        return new Result(total, bytes, one, two, generate.Elapsed);
    }
}
