using System.Text;
using System.Text.Json;
using MevAnalytics.Lut.Format;

namespace MevAnalytics.Lut.Tests;

public class GoldenFileTests
{
    /// <summary>Set LUT_REGENERATE_GOLDEN=1 to rewrite the golden .lut files (then review the diff and rerun
    /// make_cases.py).</summary>
    [Fact]
    public void Writer_reproduces_the_golden_bytes()
    {
        bool regenerate = Environment.GetEnvironmentVariable("LUT_REGENERATE_GOLDEN") == "1";
        foreach (var (file, bytes) in GoldenFiles.Expected())
        {
            if (regenerate) File.WriteAllBytes(Path.Combine(GoldenFiles.Directory, file), bytes);
            Assert.True(GoldenFiles.Read(file).AsSpan().SequenceEqual(bytes),
                $"{file} differs from the writer's output");
        }
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch
        {
            "nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            var s => throw new FormatException(s)
        }
        : e.GetDouble();

    [Fact]
    public void Reader_answers_every_golden_case()
    {
        var files = new Dictionary<string, LutFile>();
        int checkedCases = 0;
        try
        {
            foreach (var c in GoldenFiles.Cases().EnumerateArray())
            {
                string fileName = c.GetProperty("file").GetString()!;
                string op = c.GetProperty("op").GetString()!;
                if (op == "key_hash")
                {
                    Assert.Equal(c.GetProperty("hash").GetUInt64(),
                        LutKeyHash.Of(Encoding.UTF8.GetBytes(c.GetProperty("key").GetString()!)));
                    checkedCases++;
                    continue;
                }
                if (!files.TryGetValue(fileName, out var file))
                    files[fileName] = file = LutFile.Open(Path.Combine(GoldenFiles.Directory, fileName));
                string Str(string p) => c.GetProperty(p).GetString()!;
                string? Group() => c.GetProperty("group").ValueKind == JsonValueKind.Null ? null : Str("group");
                string ctx = c.ToString();
                var r = file.Reader;
                switch (op)
                {
                    case "header":
                        var h = file.Header;
                        Assert.Equal((c.GetProperty("createdAtUnixMs").GetInt64(),
                                c.GetProperty("windowFromUnixMs").GetInt64(),
                                c.GetProperty("windowToUnixMs").GetInt64(),
                                c.GetProperty("rowsUsed").GetInt64(), Str("producerJob"), Str("gitRevision"),
                                c.GetProperty("tableKind").GetInt32()),
                            (h.CreatedAtUnixMs, h.WindowFromUnixMs, h.WindowToUnixMs, h.RowsUsed, h.ProducerJob,
                                h.GitRevision, (int)h.Kind));
                        var kinds = new List<uint>();
                        for (int i = 0; i < r.SectionCount; i++) kinds.Add((uint)r.Section(i).Kind);
                        Assert.Equal(c.GetProperty("sectionKinds").EnumerateArray().Select(k => k.GetUInt32()), kinds);
                        break;
                    case "calibrate":
                        Assert.True(r.TryGetCurve(Str("segment"), out var curve), ctx);
                        Assert.Equal(Str("resolved"), curve.Key);
                        Assert.Equal(c.GetProperty("expected").GetDouble(),
                            curve.Calibrate(Number(c.GetProperty("score"))), 12);
                        // the lean path by key
                        Assert.True(r.TryCalibrate(Str("segment"), Number(c.GetProperty("score")), out double byKey),
                            ctx);
                        Assert.Equal(c.GetProperty("expected").GetDouble(), byKey, 12);
                        break;
                    case "calibrate_none":
                        Assert.False(r.TryCalibrate(Str("segment"), Number(c.GetProperty("score")), out _), ctx);
                        break;
                    case "arm":
                        Assert.True(r.TryGetArm(Str("route"), c.GetProperty("arm").GetInt32(), Group(), out var arm),
                            ctx);
                        Assert.Equal((Number(c.GetProperty("alpha")), Number(c.GetProperty("beta")),
                                Number(c.GetProperty("decayedPulls")), Number(c.GetProperty("decayedLands")),
                                Number(c.GetProperty("payoffMean")), Number(c.GetProperty("payoffVariance")),
                                c.GetProperty("tipLamports").GetUInt64(), c.GetProperty("lastUpdatedUnixMs").GetInt64(),
                                c.GetProperty("leaderGroup").ValueKind == JsonValueKind.Null
                                    ? null
                                    : Str("leaderGroup")),
                            (arm.Alpha, arm.Beta, arm.DecayedPulls, arm.DecayedLands, arm.PayoffMean,
                                arm.PayoffVariance, arm.TipLamports, arm.LastUpdatedUnixMs, arm.LeaderGroup));
                        break;
                    case "arm_none":
                        Assert.False(r.TryGetArm(Str("route"), c.GetProperty("arm").GetInt32(), Group(), out _), ctx);
                        break;
                    case "latency":
                        var l = r.Latency(Str("route"), Str("endpoint"));
                        Assert.Equal((c.GetProperty("count").GetInt64(), Number(c.GetProperty("errorRate")),
                                Number(c.GetProperty("p50Ms")), Number(c.GetProperty("p90Ms")),
                                Number(c.GetProperty("p99Ms")), Number(c.GetProperty("p999Ms"))),
                            (l.Count, l.ErrorRate, l.P50Ms, l.P90Ms, l.P99Ms, l.P999Ms));
                        break;
                    case "latency_none":
                        Assert.False(r.TryGetLatency(Str("route"), Str("endpoint"), out _), ctx);
                        break;
                    case "hedge":
                        var hedge = r.RouteHedge(Str("route"));
                        Assert.Equal((c.GetProperty("sloBreaches").GetUInt32(), Number(c.GetProperty("hedgeDelayMs")),
                                Number(c.GetProperty("hedgeFireRate")), c.GetProperty("count").GetInt64()),
                            (hedge.SloBreaches, hedge.HedgeDelayMs, hedge.HedgeFireRate, hedge.Count));
                        break;
                    case "hedge_none":
                        Assert.False(r.TryGetRouteHedge(Str("route"), out _), ctx);
                        break;
                    case "phase":
                        var p = r.Phase(Str("leader"));
                        Assert.Equal((Str("matchedLeader"), c.GetProperty("sampleCount").GetInt64(),
                                Number(c.GetProperty("optimalOffsetMs")), Number(c.GetProperty("spreadMs")),
                                Number(c.GetProperty("kalmanInitialState")),
                                Number(c.GetProperty("kalmanInitialVariance")),
                                Number(c.GetProperty("processNoise")), Number(c.GetProperty("measurementNoise"))),
                            (p.Leader, p.SampleCount, p.OptimalOffsetMs, p.SpreadMs, p.KalmanInitialState,
                                p.KalmanInitialVariance, p.ProcessNoise, p.MeasurementNoise));
                        break;
                    default:
                        Assert.Fail($"unknown op {op}");
                        break;
                }
                checkedCases++;
            }
            Assert.True(files["calibration.lut"].Reader.HasKeyIndex);
            Assert.False(files["legacy_noindex.lut"].Reader.HasKeyIndex); // read by binary search, same answers
        }
        finally
        {
            foreach (var f in files.Values) f.Dispose();
        }
        Assert.True(checkedCases > 500, $"only {checkedCases} cases");
    }
}
