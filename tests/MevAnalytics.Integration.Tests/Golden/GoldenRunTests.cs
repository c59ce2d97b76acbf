using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MevAnalytics.Data.Engine;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Integration.Tests.Golden;

/// <summary>
/// The demo's pipeline on a smaller slice of the demo's market (seed 42), with a fixed clock, run id and revision:
/// every value of every published table (decoded: header, sections, lookups), every companion byte and every summary
/// value must equal the golden run in <c>tests/golden/run/</c>. A refactor of the job shell must not change what is
/// published; a deliberate change of the output regenerates the files with
/// <c>MEV_REGENERATE_GOLDEN_RUN=1 dotnet test --filter GoldenRun</c> and says why in its commit.
/// </summary>
public sealed class GoldenRunTests : IAsyncLifetime
{
    private static readonly DateTime End = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Jobs = ["calibrate", "bandit", "latency", "phase"];

    private readonly string _folder =
        Path.Combine(Path.GetTempPath(), "mev-golden-" + Guid.NewGuid().ToString("N")[..8]);
    private EmbeddedClickHouse _engine = null!;
    private AnalyticsStore _store = null!;

    public async Task InitializeAsync()
    {
        _engine = await EmbeddedClickHouse.StartAsync(
            new EmbeddedEngineOptions { DataDirectory = Path.Combine(_folder, "engine") });
        _store = await AnalyticsStore.OpenAsync(Configuration());
        await _store.MigrateAsync();
        var sim = new SimulationOptions { Days = 1, SendsPerSecond = 4, Seed = 42, End = End, Leaders = 300 };
        var load = await HistoryLoader.LoadAsync(_store.Db, sim, End);
        await File.WriteAllTextAsync(Path.Combine(_folder, "ground-truth.json"), JsonSerializer.Serialize(load.Truth));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _engine.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task GoldenRun_every_published_byte_and_summary_value_equals_the_golden_run()
    {
        var root = Path.Combine(_folder, "artifacts");
        var configuration = Configuration();
        var published = new JsonObject();
        var summaries = new Dictionary<string, string>();
        for (var i = 0; i < Jobs.Length; i++)
        {
            var job = JobCatalog.Get(Jobs[i]);
            var context = new JobContext(_store, JobSettings.Bind(configuration), "test", End, _ => { }, _ => { })
            {
                RunId = new Guid(i + 1, 0, 0, new byte[8]),
                Revision = "golden",
            };
            var outcome = await JobRunner.RunAsync(job, context, CancellationToken.None);
            Assert.True(outcome.Status == JobStatus.Published, $"{job.Name}: {outcome.Summary}");
            var files = new JsonObject();
            foreach (var path in outcome.Outputs.Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                if (name.EndsWith(".summary.json", StringComparison.Ordinal))
                {
                    var text = await File.ReadAllTextAsync(path);
                    summaries[name] = Canonical(JsonNode.Parse(text)!)
                        .Replace(_folder, "{folder}", StringComparison.Ordinal); // the test's own temporary folder
                    Assert.Equal(Canonical(JsonNode.Parse(text)!),
                        Canonical(JsonNode.Parse(RoundTrip(job.Name, text))!));
                }
                else if (name.EndsWith(".lut", StringComparison.Ordinal))
                    summaries[name + ".json"] = Canonical(GoldenLut.Decode(path));
                else if (name.EndsWith(CalibrationSnapshot.Suffix, StringComparison.Ordinal))
                    summaries[name + ".json"] = Canonical(await GoldenSnapshot.DecodeAsync(path));
                else
                    files[name] = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path)));
            }
            published[job.Name] = new JsonObject
            {
                ["version"] = outcome.LutVersion,
                ["rowsRead"] = outcome.RowsRead,
                ["metrics"] = Sorted(JsonSerializer.SerializeToNode(outcome.Metrics)),
                ["files"] = files,
            };
        }

        var golden = GoldenFolder();
        var expected = new Dictionary<string, string>(summaries) { ["published.json"] = Canonical(published) };
        if (Environment.GetEnvironmentVariable("MEV_REGENERATE_GOLDEN_RUN") == "1")
        {
            Directory.CreateDirectory(golden);
            foreach (var (name, text) in expected) await File.WriteAllTextAsync(Path.Combine(golden, name), text);
            return;
        }
        var differences = new List<string>();
        foreach (var (name, actual) in expected)
        {
            var path = Path.Combine(golden, name);
            var want = File.Exists(path) ? await File.ReadAllTextAsync(path) : "null";
            var difference = Difference(JsonNode.Parse(want), JsonNode.Parse(actual), name);
            if (difference is null) continue;
            var diverged = Path.Combine(Path.GetTempPath(), "mev-golden-actual-" + name);
            await File.WriteAllTextAsync(diverged, actual);
            differences.Add($"{name} differs from the golden run at {difference}; this run's copy: {diverged}");
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>
    /// Where two canonical documents differ, or null. Numbers that ClickHouse aggregates as floats (sums merged across
    /// threads and parts in an order that varies with the load and the machine) may differ in their last bits between
    /// two loads of the same rows: equal within 1e-12 relative (a table's f32 values to f32 precision). The latency
    /// quantiles come from t-digest states, whose merge order (and so result) varies with the part layout of the
    /// rollup: within 3% relative (a p99 over a few hundred probes was seen 1.2% apart between two loads).
    /// </summary>
    private static string? Difference(JsonNode? want, JsonNode? actual, string path)
    {
        switch (want, actual)
        {
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
                {
                    if (!a.ContainsKey(key) || !b.ContainsKey(key)) return $"{path}.{key} (present in only one)";
                    if (Difference(a[key], b[key], $"{path}.{key}") is { } d) return d;
                }
                return null;
            case (JsonArray a, JsonArray b):
                if (a.Count != b.Count) return $"{path} ({a.Count} vs {b.Count} items)";
                for (var i = 0; i < a.Count; i++)
                    if (Difference(a[i], b[i], $"{path}[{i}]") is { } d) return d;
                return null;
            case (JsonValue a, JsonValue b) when a.TryGetValue(out double x) && b.TryGetValue(out double y):
                var tolerance = path.Contains("latency", StringComparison.Ordinal) && QuantileField(path) ? 3e-2
                    : path.Contains(".f32", StringComparison.Ordinal) ? 1e-6 : 1e-12;
                return x == y || Math.Abs(x - y) <= tolerance * Math.Max(Math.Abs(x), Math.Abs(y))
                    ? null : $"{path}: golden {x:R}, now {y:R}";
            default:
                return want?.ToJsonString() == actual?.ToJsonString()
                    ? null : $"{path}: golden {want?.ToJsonString()}, now {actual?.ToJsonString()}";
        }
    }

    private static bool QuantileField(string path) =>
        path.EndsWith("Ms", StringComparison.Ordinal) || path.EndsWith("hedgeFireRate", StringComparison.Ordinal)
        || path.Contains(".p50", StringComparison.Ordinal) || path.Contains(".p9", StringComparison.Ordinal)
        || path.Contains(".hedge", StringComparison.Ordinal);

    /// <summary>The summary read back into its record (as the report, /metrics and the notebooks read it) and
    /// written again: every property the job writes is one its readers get.</summary>
    private static string RoundTrip(string job, string text) => job switch
    {
        "calibrate" => Again(text, SummaryJsonContext.Default.SummaryDocumentCalibrationSummary),
        "bandit" => Again(text, SummaryJsonContext.Default.SummaryDocumentBanditSummary),
        "latency" => Again(text, SummaryJsonContext.Default.SummaryDocumentLatencySummary),
        "phase" => Again(text, SummaryJsonContext.Default.SummaryDocumentPhaseSummary),
        _ => throw new ArgumentException(job),
    };

    private static string Again<T>(string text, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize(text, type)!, type);

    private IConfiguration Configuration()
    {
        var all = new Dictionary<string, string?>
        {
            ["ClickHouse:ConnectionString"] = _engine.ConnectionString(),
            ["ClickHouse:Database"] = "mev",
            ["Artifacts:Root"] = Path.Combine(_folder, "artifacts"),
            ["Calibration:GroundTruth"] = Path.Combine(_folder, "ground-truth.json"),
        };
        foreach (var kv in Support.NoTtl.Settings) all[kv.Key] = kv.Value;
        return new ConfigurationBuilder().AddInMemoryCollection(all).Build();
    }

    // Sorted keys, the run id left out (it is the context's): the values, not the property order, are the contract.
    private static string Canonical(object value) =>
        Sorted(value as JsonNode ?? JsonSerializer.SerializeToNode(value)!)!.ToJsonString(
            new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Key != "runId").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static string GoldenFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MevAnalytics.sln")))
                return Path.Combine(dir.FullName, "tests", "golden", "run");
        throw new DirectoryNotFoundException(
            "the repository root (MevAnalytics.sln) is not above " + AppContext.BaseDirectory);
    }
}
