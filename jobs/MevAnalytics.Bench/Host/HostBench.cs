using System.Diagnostics;
using MevAnalytics.Host;
using MevAnalytics.Host.Configuration;
using MevAnalytics.Host.Execution;
using MevAnalytics.Host.Health;
using MevAnalytics.Host.Metrics;
using MevAnalytics.Host.Scheduling;
using MevAnalytics.Jobs.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MevAnalytics.Bench.Host;

/// <summary>
/// <c>/healthz</c> and <c>/metrics</c> of a real host (the configured engine and artifacts, no jobs scheduled) under
/// rounds of N parallel requests, beside the peer: the same reads done in each request, as the host did before it
/// answered from its background read (called in-process, so the peer pays no HTTP).
/// </summary>
public static class HostBench
{
    /// <summary>Targets at 100 parallel requests (issue: "Nothing planted ... takes the host down").</summary>
    public static readonly TimeSpan HealthzTarget = TimeSpan.FromMilliseconds(50), MetricsTarget =
        TimeSpan.FromMilliseconds(200);

    /// <summary>Latency percentiles of one endpoint, in milliseconds.</summary>
    public sealed record Latencies(string What, double P50, double P99, double Max)
    {
        public static Latencies Of(string what, List<double> ms)
        {
            ms.Sort();
            double At(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
            return new Latencies(what, At(0.5), At(0.99), ms[^1]);
        }

        public override string ToString() =>
            $"{What,-36} p50 {P50,8:0.00} ms  p99 {P99,8:0.00} ms  max {Max,8:0.00} ms";
    }

    public sealed record Result(int Parallel, int Rounds, Latencies Healthz, Latencies Metrics, Latencies HealthzPeer,
        Latencies MetricsPeer)
    {
        public IEnumerable<string> Lines()
        {
            yield return $"{Rounds} rounds of {Parallel} parallel requests each";
            yield return Healthz.ToString();
            yield return HealthzPeer.ToString();
            yield return Metrics.ToString();
            yield return MetricsPeer.ToString();
            yield return $"/healthz p99 {Healthz.P99:0.00} ms (target <= {HealthzTarget.TotalMilliseconds:0}: " +
                         $"{(Healthz.P99 <= HealthzTarget.TotalMilliseconds ? "met" : "MISSED")}), " +
                         $"per-request reads {HealthzPeer.P99 / Healthz.P99:0.0}x slower at p99";
            yield return $"/metrics p99 {Metrics.P99:0.00} ms (target <= {MetricsTarget.TotalMilliseconds:0}: " +
                         $"{(Metrics.P99 <= MetricsTarget.TotalMilliseconds ? "met" : "MISSED")}), " +
                         $"per-request reads {MetricsPeer.P99 / Metrics.P99:0.0}x slower at p99";
        }
    }

    public static async Task<Result> RunAsync(int parallel, int rounds, Action<string> log, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("mev-bench-host-").FullName;
        try
        {
            var configuration = MevConfiguration.Build(new Dictionary<string, string?>
            {
                ["Host:Urls"] = "http://127.0.0.1:0",
                ["HangfireStorage:Provider"] = "sqlite",
                ["HangfireStorage:SqlitePath"] = Path.Combine(folder, "hangfire.db"),
            });
            await using var host = await MevHost.CreateAsync(configuration, jobs: [],
                logging: b => b.SetMinimumLevel(LogLevel.Warning) // no jobs here: no schedule warnings
                    .AddFilter("MevAnalytics.Host.Schedule", LogLevel.Error), ct: ct);
            await host.StartAsync(ct);
            log($"host on {host.Addresses[0]}, artifacts {host.Services.GetRequiredService<JobSessionHolder>()
                .Artifacts.Root}");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallel })
            {
                BaseAddress = new Uri(host.Addresses[0]),
                Timeout = TimeSpan.FromSeconds(60),
            };
            var probe = host.Services.GetRequiredService<HealthProbe>();
            var session = host.Services.GetRequiredService<JobSessionHolder>();
            var schedule = host.Services.GetRequiredService<JobSchedule>();
            var health = host.Services.GetRequiredService<HealthOptions>();

            async Task Get(string path)
            {
                using var response = await http.GetAsync(path, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
            }
            // One untimed round each: the connections are opened and the code is jitted before the timed rounds.
            await MeasureAsync(() => Get("/healthz"), parallel, 1, ct);
            await MeasureAsync(() => Get("/metrics"), parallel, 1, ct);
            var healthz = await MeasureAsync(() => Get("/healthz"), parallel, rounds, ct);
            var metrics = await MeasureAsync(() => Get("/metrics"), parallel, rounds, ct);
            // The peers read in the request what the background read shares: the artifacts folder, then the checks.
            ArtifactSnapshot Artifacts() => ArtifactSnapshot.Read(session.Artifacts.Root, schedule, health,
                DateTime.UtcNow);
            var healthzPeer = await MeasureAsync(() => probe.CheckAsync(Artifacts().Luts, ct), parallel, rounds, ct);
            var metricsPeer = await MeasureAsync(async () => await MetricsDocument.RenderAsync(
                await MetricsReader.ReadAsync(session, schedule, Artifacts(), DateTime.UtcNow, ct), ct), parallel,
                rounds, ct);
            return new Result(parallel, rounds, Latencies.Of("/healthz (from the background read)", healthz),
                Latencies.Of("/metrics (from the background read)", metrics),
                Latencies.Of("peer: health checks in the request", healthzPeer),
                Latencies.Of("peer: metrics read in the request", metricsPeer));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<List<double>> MeasureAsync(Func<Task> call, int parallel, int rounds,
        CancellationToken ct)
    {
        var all = new List<double>(parallel * rounds);
        for (var r = 0; r < rounds; r++)
        {
            var times = await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
            {
                await Task.Yield();
                var clock = Stopwatch.StartNew();
                await call();
                return clock.Elapsed.TotalMilliseconds;
            }));
            all.AddRange(times);
            ct.ThrowIfCancellationRequested();
        }
        return all;
    }
}
