using System.Text.Json;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Simulation;
using MevAnalytics.Simulation.Market;

namespace MevAnalytics.Jobs.Simulation;

/// <summary>Simulates history into the store (replacing what was there unless told to append), with its ground truth
/// as JSON and optionally the same rows as Parquet.</summary>
public static class SimulationRun
{
    /// <summary>Where the run writes besides ClickHouse.</summary>
    public sealed record Outputs(string TruthPath, string? ParquetDirectory, bool ReplaceExisting);

    public sealed record Result(HistoryLoader.Result Load, string TruthPath);

    /// <summary>Options for the JSON written beside simulated history.</summary>
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<Result> RunAsync(AnalyticsStore store, SimulationOptions options, Outputs outputs,
        DateTime utcNow, Action<double>? progress, Action<string>? log, CancellationToken ct)
    {
        await store.MigrateAsync(log, ct);
        if (outputs.ReplaceExisting)
            foreach (var table in new[]
                     {
                         "landing_events", "latency_samples", "rollup_arm_5m", "rollup_ope_5m", "rollup_latency_5m"
                     })
                await store.OnEveryNodeAsync(
                    $"TRUNCATE TABLE IF EXISTS {store.Layout.Storage(table)}{store.Layout.OnCluster}", ct);

        HistoryParquetWriter? parquet = null;
        if (outputs.ParquetDirectory is { } dir)
        {
            var (start, end) = options.Window(utcNow);
            parquet = await HistoryParquetWriter.CreateAsync(dir,
                MarketModel.Create(options.Seed, start, end, options.Leaders), ct);
        }
        HistoryLoader.Result load;
        await using (parquet)
        {
            load = await HistoryLoader.LoadAsync(store.Db, options, utcNow,
                (done, expected) => progress?.Invoke(expected == 0 ? 1 : (double)done / expected),
                parquet is null ? null : chunk => parquet.WriteAsync(chunk, ct), ct);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputs.TruthPath))!);
        await File.WriteAllTextAsync(outputs.TruthPath, JsonSerializer.Serialize(load.Truth, Json), ct);
        return new Result(load, outputs.TruthPath);
    }
}
