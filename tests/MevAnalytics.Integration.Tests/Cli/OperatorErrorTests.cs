using System.Diagnostics;
using System.Globalization;
using MevAnalytics.Data.Connection;
using MevAnalytics.Integration.Tests.Engine;
using MevAnalytics.Integration.Tests.Support;

namespace MevAnalytics.Integration.Tests.Cli;

/// <summary>
/// What an operator runs into, run as they would run it (a real <c>mev</c> process): every failure is one line that
/// starts with <c>error:</c> and names what to change; trial runs stay out of the production history.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class OperatorErrorTests(EngineFixture engine) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mev-op-" + Guid.NewGuid().ToString("N")[..8]);

    private Dictionary<string, string> Env(params (string Key, string Value)[] extra) =>
        engine.MevEnvironment(Path.Combine(_root, "artifacts"), extra);

    /// <summary>A p_land CSV (score,label) whose true landing rate is score squared.</summary>
    private string ScoreCsv(string name, int rows, int seed)
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, name);
        var rng = new Random(seed);
        File.WriteAllLines(path, new[] { "score,label" }.Concat(Enumerable.Range(0, rows).Select(_ =>
        {
            var s = rng.NextDouble();
            return string.Create(CultureInfo.InvariantCulture, $"{s:R},{(rng.NextDouble() < s * s ? 1 : 0)}");
        })));
        return path;
    }

    private static void AssertOneErrorLine(MevProcess.Result result, params string[] expected)
    {
        Assert.Equal(1, result.Exit);
        var errors = result.Output.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, result.Output);
        foreach (var e in expected) Assert.Contains(e, errors[0]);
        Assert.DoesNotContain("   at ", result.Output); // no stack trace
    }

    [Fact]
    public async Task An_unknown_connection_string_key_is_an_error_naming_the_key_not_the_value()
    {
        var result = await MevProcess.RunAsync(
            Env(("MEV_ClickHouse__ConnectionString", "Host=127.0.0.1;Port=1;Pwd=hunter2hunter2")),
            null, "run", "latency");
        AssertOneErrorLine(result, "ClickHouse:ConnectionString", "'Pwd'");
        Assert.DoesNotContain("hunter2", result.Output);
    }

    [Theory]
    [InlineData("Port=garbage", "Port 'garbage' is not a port number")]
    [InlineData("Port=70000", "Port '70000' is not a port number")]
    [InlineData("Protocol=gopher", "Protocol 'gopher' is neither http nor https")]
    [InlineData("Compression=maybe", "Compression 'maybe' is neither true nor false")]
    public async Task An_unreadable_connection_string_value_is_named_not_replaced_by_a_default(string part,
        string expected)
    {
        var result = await MevProcess.RunAsync(
            Env(("MEV_ClickHouse__ConnectionString", $"Host=127.0.0.1;{part};Password=hunter2hunter2")),
            null, "run", "latency");
        AssertOneErrorLine(result, "ClickHouse:ConnectionString", expected);
        Assert.DoesNotContain("hunter2", result.Output);
    }

    [Fact]
    public async Task Sql_prints_clickhouse_tsv_with_names_and_iso_times_and_passes_other_formats_through()
    {
        var tsv = await MevProcess.RunAsync(Env(), null, "sql", "SELECT now64(3) AS t, map('a', 1.5) AS m");
        Assert.True(tsv.Exit == 0, tsv.Output);
        var lines = tsv.Output.Split('\n').Where(l => !l.StartsWith("started", StringComparison.Ordinal)
                                                      && !l.StartsWith("ClickHouse:", StringComparison.Ordinal)
                                                      && l.Length > 0).ToList();
        Assert.Equal("t\tm", lines[0]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\t\{'a':1\.5\}$", lines[1]);
        var json = await MevProcess.RunAsync(Env(), null, "sql", "--format", "JSONEachRow", "SELECT 1 AS x");
        Assert.Contains("{\"x\":1}", json.Output);
    }

    /// <summary>Every command of the README's table, each with a bad argument: an option it does not have, and for
    /// most a value it cannot take.</summary>
    public static TheoryData<string> BadCommandLines() =>
    [
        "frobnicate", "demo --bogus", "migrate --bogus", "simulate --bogus", "simulate --days -1",
        "sql", "sql --format x;y SELECT_1", "run", "run nosuchjob", "calibrate --bogus", "calibrate --window abc",
        "calibrate --mode sideways", "serve --bogus", "lut", "lut list --bogus", "lut inspect --table nosuch",
        "lut verify /nonexistent/x.lut", "lut lookup --table calibration --segment * --score abc", "lut diff",
        "lut export --bogus", "lut rollback --bogus", "lut bench --bogus", "lut fuzz --bogus", "sources",
        "sources check --bogus", "backfill --from yesterday --to now", "engine --bogus", "bench",
        "bench ingest --bogus", "runs", "runs list --limit 0", "runs show", "runs compare onlyone",
        "bench calibrate --pushdown-rows -5", "bench cluster --shards abc", "bench bandit --bogus",
    ];

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task Every_command_with_a_bad_argument_prints_one_error_line_and_exits_non_zero(string line)
    {
        var args = line.Split(' ').Select(a => a.Replace('_', ' ')).ToArray();
        var program = args[0] == "bench" || (args[0] == "lut" && args.Length > 1 && args[1] is "bench" or "fuzz")
            ? "mev-bench.dll" : "mev.dll";
        var result = await MevProcess.RunAsync(program, Env(), TimeSpan.FromSeconds(90), args);
        Assert.True(result.Exit != 0, $"mev {line} exited 0: {result.Output}");
        var errors = result.Output.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, $"mev {line}: {errors.Count} error lines: {result.Output}");
        Assert.DoesNotContain("error: error:", result.Output);
        Assert.DoesNotContain("(Parameter '", result.Output);
        Assert.DoesNotContain("Usage:", result.Output); // no help text dumped instead of the reason
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public async Task A_window_past_1970_is_a_clear_error()
    {
        var result = await MevProcess.RunAsync(Env(), null, "calibrate", "--window", "1000000d");
        AssertOneErrorLine(result, "1000000 days", "1970");
    }

    [Theory]
    [InlineData("SELECT count() FROM remote('127.0.0.1:{port}', system.one)")]
    [InlineData("SELECT count() FROM remoteSecure('127.0.0.1:{port}', system.one)")]
    [InlineData("SELECT * FROM url('http://127.0.0.1:{port}/?query=SELECT%201', 'TSV', 'x UInt8')")]
    [InlineData("SELECT * FROM file('/etc/passwd', 'LineAsString')")]
    public async Task A_query_reaching_out_of_the_engine_is_one_error_and_the_engine_stays_up(string query)
    {
        var sql = query.Replace("{port}", engine.Engine.Port.ToString(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
        var result = await MevProcess.RunAsync(Env(), TimeSpan.FromSeconds(60), "sql", sql);
        AssertOneErrorLine(result, "ACCESS_DENIED");
        Assert.DoesNotContain("root:x:0:0", result.Output);
        Assert.True(engine.Engine.IsRunning, "the engine died");
        Assert.Equal(1, await engine.Db.ScalarAsync<int>("SELECT 1"));
    }

    [Fact]
    public async Task Lut_verify_refuses_a_fifo_at_once()
    {
        Directory.CreateDirectory(_root);
        var fifo = Path.Combine(_root, "table.lut");
        using (var mk = Process.Start("mkfifo", fifo)) mk.WaitForExit();
        var clock = Stopwatch.StartNew();
        var result = await MevProcess.RunAsync(Env(), TimeSpan.FromSeconds(60), "lut", "verify", fifo);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "lut verify took as long as a hang");
        Assert.NotEqual(0, result.Exit);
        Assert.Contains("not a regular file", result.Output);
    }

    [Fact]
    public async Task A_fit_of_a_file_starts_no_engine_and_records_no_run()
    {
        var input = ScoreCsv("input.csv", 20_000, seed: 5);
        var engineDir = Path.Combine(_root, "no-engine-here");
        var result = await MevProcess.RunAsync(Env(("MEV_EmbeddedEngine__DataDirectory", engineDir)), null,
            "calibrate", "--input", input, "--segments", "", "--out", Path.Combine(_root, "scratch"));
        Assert.True(result.Exit == 0, result.Output);
        Assert.Contains("offline run, not recorded in job_runs", result.Output);
        Assert.False(Directory.Exists(engineDir));
    }

    [Fact]
    public async Task A_scratch_run_outside_the_artifact_root_is_not_recorded_as_production()
    {
        await engine.HistoryAsync();
        var since = DateTime.UtcNow.AddSeconds(-1);
        var result = await MevProcess.RunAsync(Env(), null, "calibrate", "--out", Path.Combine(_root, "trial"));
        Assert.True(result.Exit is 0 or 2, result.Output);
        Assert.Contains("scratch run, not recorded in job_runs", result.Output);
        Assert.Equal(0, await engine.Db.ScalarAsync<long>(
            "SELECT count() FROM job_runs WHERE job = 'calibrate' AND started_at >= {since:DateTime64(3, 'UTC')}",
            new QueryParameters().Add("since", since)));
    }

    [Fact]
    public async Task Too_little_data_in_a_file_fit_is_a_warning_naming_the_key_and_the_fit_prints_its_scores()
    {
        // A fit of a file is a scratch fit the user asked for: fewer rows than the bar warn, they do not gate (a
        // ClickHouse window with too few rows is still gated: Calibration job tests).
        var input = ScoreCsv("few.csv", 3000, seed: 9);
        var result = await MevProcess.RunAsync(Env(), null, "calibrate", "--input", input,
            "--out", Path.Combine(_root, "few"));
        Assert.True(result.Exit == 0, result.Output);
        Assert.Contains("warning: 3000 p_land rows", result.Output);
        Assert.Contains("Calibration:MinRows", result.Output);
        Assert.Matches(@"holdout \(600 rows\): ECE [0-9.e-]+ -> [0-9.e-]+, log loss [0-9.e-]+ -> [0-9.e-]+",
            result.Output);
    }

    [Fact]
    public async Task A_half_life_that_weighs_every_row_zero_names_the_key()
    {
        await engine.HistoryAsync();
        var result = await MevProcess.RunAsync(Env(), null, "calibrate", "--half-life", "1s",
            "--out", Path.Combine(_root, "hl"));
        AssertOneErrorLine(result, "weights sum to 0", "Calibration:HalfLife");
    }

    [Fact]
    public async Task A_directory_as_input_is_named_as_a_directory()
    {
        Directory.CreateDirectory(_root);
        var result = await MevProcess.RunAsync(Env(), null, "calibrate", "--input", _root);
        AssertOneErrorLine(result, "is a directory");
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
