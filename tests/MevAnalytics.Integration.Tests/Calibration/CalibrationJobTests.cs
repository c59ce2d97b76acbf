using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;
using MevAnalytics.Oracles.PushDown;
using MevAnalytics.Oracles.Python;

namespace MevAnalytics.Integration.Tests.Calibration;

[Collection(CalibrationCollection.Name)]
public sealed class CalibrationJobTests(CalibrationFixture fx)
{
    private static string Current(string root) => Path.Combine(root, "luts", CalibrationJob.TableName, "current");

    [Fact]
    public async Task Demo_like_run_publishes_a_lut_better_than_the_raw_score_and_close_to_the_truth()
    {
        var root = fx.NewRoot("demo");
        var outcome = await fx.RunAsync(root);
        Assert.True(outcome.Status == JobStatus.Published, outcome.Summary);
        Assert.True(outcome.Metrics["holdout_ece_after"] < outcome.Metrics["holdout_ece_before"],
            $"ECE after {outcome.Metrics["holdout_ece_after"]} vs before {outcome.Metrics["holdout_ece_before"]}");
        Assert.True(outcome.Metrics["holdout_logloss_after"] < outcome.Metrics["holdout_logloss_before"]);
        // The raw score is far from the truth (the simulator distorts it); the fit recovers the true curve.
        var summary = JsonDocument.Parse(File.ReadAllText(outcome.Outputs.Single(o => o.EndsWith(".summary.json"))))
            .RootElement.GetProperty("summary");
        var truth = summary.GetProperty("groundTruth");
        Assert.True(truth.GetProperty("pLandRms").GetDouble() < 0.03, truth.ToString());
        Assert.True(truth.GetProperty("rawScoreRms").GetDouble() > 3 * truth.GetProperty("pLandRms").GetDouble(),
            truth.ToString());
        Assert.True(truth.GetProperty("evRms").GetDouble() < 0.002, truth.ToString());

        using var lut = LutFile.Open(outcome.Outputs[0]);
        var r = lut.Reader;
        var keys = new List<string>();
        for (int i = 0; i < r.SegmentCount; i++) keys.Add(r.SegmentAt(i).Key);
        Assert.Contains("*", keys);
        Assert.Contains("ev:*", keys);
        Assert.Contains(fx.Load.Truth.Routes[0].Name, keys);
        Assert.Contains($"ev:{fx.Load.Truth.Routes[0].Name}/0", keys);
        // Looked up through the LUT, the global curve agrees with the true curve in the bulk of the scores.
        foreach (var s in new[] { 0.3, 0.5, 0.7 })
            Assert.InRange(lut.Calibrate("*", s) - fx.Load.Truth.Distortion.TrueProbability(s), -0.06, 0.06);
    }

    /// <summary>
    /// <c>Calibration:Method = platt</c> (bound from configuration, lower case) publishes logistic curves: through the
    /// LUT, logit(p) is linear in logit(score) up to the grid's interpolation, which no isotonic step curve is.
    /// </summary>
    [Fact]
    public async Task Platt_method_from_configuration_publishes_logistic_curves()
    {
        var root = fx.NewRoot("platt");
        var outcome = await fx.RunAsync(root, new Dictionary<string, string?> { ["Calibration:Method"] = "platt" });
        Assert.True(outcome.Status == JobStatus.Published, outcome.Summary);
        Assert.True(outcome.Metrics["holdout_logloss_after"] < outcome.Metrics["holdout_logloss_before"]);
        using var lut = LutFile.Open(outcome.Outputs[0]);
        static double Logit(double p) => Math.Log(p / (1 - p));
        double l3 = Logit(lut.Calibrate("*", 0.3)), l7 = Logit(lut.Calibrate("*", 0.7));
        double slope = (l7 - l3) / (Logit(0.7) - Logit(0.3));
        Assert.True(slope > 0.2, $"slope {slope}");
        foreach (var s in new[] { 0.4, 0.5, 0.6 })
            Assert.Equal(l3 + slope * (Logit(s) - Logit(0.3)), Logit(lut.Calibrate("*", s)), 0.01);

        var isotonic = await fx.RunAsync(fx.NewRoot("isotonic"));
        using var step = LutFile.Open(isotonic.Outputs[0]);
        double i3 = Logit(step.Calibrate("*", 0.3)), i7 = Logit(step.Calibrate("*", 0.7));
        double stepSlope = (i7 - i3) / (Logit(0.7) - Logit(0.3));
        Assert.Contains(new[] { 0.4, 0.5, 0.6 },
            s => Math.Abs(i3 + stepSlope * (Logit(s) - Logit(0.3)) - Logit(step.Calibrate("*", s))) > 0.01);
    }

    [Fact]
    public async Task Snapshot_reproduces_the_same_lut_bytes_in_both_modes()
    {
        foreach (var mode in new[] { "PushDown", "Exact" })
        {
            var settings = new Dictionary<string, string?>
            {
                ["Calibration:Mode"] = mode,
                ["Calibration:HalfLife"] = "12:00:00",
            };
            var first = await fx.RunAsync(fx.NewRoot("snap1"), settings);
            Assert.True(first.Status == JobStatus.Published, first.Summary);
            var snapshot = first.Outputs.Single(o => o.EndsWith(".snapshot.parquet"));
            Assert.Equal(Path.GetDirectoryName(first.Outputs[0]), Path.GetDirectoryName(snapshot));

            var again = await fx.RunAsync(fx.NewRoot("snap2"),
                new Dictionary<string, string?>(settings) { ["Calibration:Input"] = snapshot });
            Assert.True(again.Status == JobStatus.Published, again.Summary);
            Assert.Equal(File.ReadAllBytes(first.Outputs[0]), File.ReadAllBytes(again.Outputs[0]));
        }
    }

    [Fact]
    public async Task Push_down_stays_within_the_stated_bound_of_the_exact_fit()
    {
        var options = new CalibrationOptions { MinSamples = 1500 };
        var from = CalibrationFixture.End - options.Window;
        options.Mode = CalibrationMode.Exact;
        var exact = await ClickHouseCalibrationReader.ReadAsync(
            fx.Store.Db, options, from, CalibrationFixture.End, default);
        options.Mode = CalibrationMode.PushDown;
        var pushed = await ClickHouseCalibrationReader.ReadAsync(
            fx.Store.Db, options, from, CalibrationFixture.End, default);
        var fit = options.FitOptions(probability: true);
        var f = CalibrationCurves.Fit(exact.PLand!, fit, true, true, "exact")[0].Model;
        var g = CalibrationCurves.Fit(pushed.PLand!, fit, true, true, "push-down")[0].Model;

        // Same rows, fewer fitted points (on this small window; buckets are bounded by segments x 1/r, rows are not).
        var train = exact.PLand!.Part(holdout: false);
        Assert.Equal(train.Count, pushed.PLand!.Part(holdout: false).Samples());
        Assert.True(pushed.PLand.Count < exact.PLand.Count,
            $"{pushed.PLand.Count} buckets vs {exact.PLand.Count} rows");

        // A-posteriori bound (PushDownFit remarks): ||g - f||^2 <= ||y - g||^2 - ||y - f||^2 over the training rows,
        // g evaluated at each row's bucket; and the practical bound: weighted RMS <= 0.01 at resolution 1e-4.
        double diff = 0, sseG = 0, sseF = 0;
        for (int i = 0; i < train.Count; i++)
        {
            double fi = f.Predict(train.X[i]), gi = g.Predict(ScoreBuckets.Quantize(train.X[i], options.Resolution)),
                yi = train.Y[i];
            diff += (gi - fi) * (gi - fi);
            sseG += (yi - gi) * (yi - gi);
            sseF += (yi - fi) * (yi - fi);
        }
        Assert.True(diff <= sseG - sseF + 1e-9 * train.Count, $"||g-f||^2 = {diff}, bound {sseG - sseF}");
        Assert.True(Math.Sqrt(diff / train.Count) < 0.01, $"RMS {Math.Sqrt(diff / train.Count)}");
    }

    [SklearnFact]
    public async Task Exact_rows_from_clickhouse_fit_like_scikit_learn()
    {
        var options = new CalibrationOptions { Mode = CalibrationMode.Exact, Segments = "" };
        var data = await ClickHouseCalibrationReader.ReadAsync(fx.Store.Db, options,
            CalibrationFixture.End - options.Window, CalibrationFixture.End, default);
        var train = data.PLand!.Part(holdout: false);
        var model = CalibrationCurves.Fit(data.PLand!, options.FitOptions(probability: true), false, false, "exact")[0]
            .Model;

        var input = Path.Combine(fx.Folder, "sk-in.bin");
        using (var w = new BinaryWriter(File.Create(input)))
        {
            for (int i = 0; i < train.Count; i++) w.Write(train.X[i]);
            for (int i = 0; i < train.Count; i++) w.Write(train.Y[i]);
        }
        const string script = """
            import sys, numpy as np
            from sklearn.isotonic import IsotonicRegression
            d = np.fromfile(sys.argv[1], dtype='<f8'); n = len(d) // 2
            m = IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1).fit(d[:n], d[n:])
            print(len(m.X_thresholds_))
            for a, b in zip(m.X_thresholds_, m.y_thresholds_): print(repr(float(a)), repr(float(b)))
            """;
        var psi = new ProcessStartInfo(SklearnFactAttribute.Python, ["-c", script, input])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(int.Parse(lines[0], CultureInfo.InvariantCulture), model.XThresholds.Length);
        for (int k = 0; k < model.XThresholds.Length; k++)
        {
            var parts = lines[k + 1].Split(' ');
            Assert.Equal(double.Parse(parts[0], CultureInfo.InvariantCulture), model.XThresholds[k], 1e-12);
            Assert.Equal(double.Parse(parts[1], CultureInfo.InvariantCulture), model.YThresholds[k], 1e-9);
        }
    }

    [Theory]
    [InlineData("nan", "'score'", "1 row(s)")]
    [InlineData("label2", "'label'", "2 row(s)")]
    [InlineData("negweight", "'weight'", "1 row(s)")]
    [InlineData("missing", "no column 'label'", null)]
    [InlineData("single", "single class", null)]
    [InlineData("outofrange",
        "'score' has 1 row(s) with a score that is not a number in [0, 1] (first at row 1, value 100)", null)]
    [InlineData("huge",
        "'score' has 1 row(s) with a score that is not a number in [0, 1] (first at row 11, value 1E+300)", null)]
    [InlineData("dupheader", "names column 'score' twice (columns 1 and 4)", null)]
    [InlineData("dupcase", "names column 'score' twice (columns 1 and 4, as 'Score'; names ignore case)", null)]
    [InlineData("zeroweights", "3000 row(s) but their weights sum to 0 (every row has weight 0)", null)]
    public async Task Bad_input_files_fail_naming_the_column_and_publish_nothing(string kind, string expected,
        string? count)
    {
        var root = fx.NewRoot("bad-" + kind);
        var csv = Path.Combine(fx.Folder, $"bad-{kind}.csv");
        var sb = new StringBuilder(kind switch
        {
            "missing" => "score,weight\n",
            "dupheader" => "score,label,weight,score\n",
            "dupcase" => "score,label,weight,Score\n",
            _ => "score,label,weight\n",
        });
        var rng = new Random(3);
        for (int i = 0; i < 3000; i++)
        {
            double s = rng.NextDouble();
            string score = (kind, i) switch
            {
                ("nan", 10) => "NaN",
                ("huge", 10) => "1e300",
                ("outofrange", 0) => "100",
                _ => s.ToString("R", CultureInfo.InvariantCulture),
            };
            string label = kind == "label2" && i % 1000 == 5 && i < 2000 ? "2"
                : kind == "single" ? "0"
                : (rng.NextDouble() < s ? "1" : "0");
            string weight = kind == "negweight" && i == 7 ? "-1" : kind == "zeroweights" ? "0" : "1";
            sb.Append(kind switch
            {
                "missing" => $"{score},{weight}\n",
                "dupheader" or "dupcase" => $"{score},{label},{weight},0.5\n",
                _ => $"{score},{label},{weight}\n",
            });
        }
        await File.WriteAllTextAsync(csv, sb.ToString());
        var outcome = await fx.RunAsync(root,
            new Dictionary<string, string?> { ["Calibration:Input"] = csv, ["Calibration:MinRows"] = "100" });
        Assert.Equal(JobStatus.Failed, outcome.Status);
        Assert.Contains(expected, outcome.Summary);
        if (count is not null) Assert.Contains(count, outcome.Summary);
        Assert.Contains(Path.GetFileName(csv), outcome.Summary);
        Assert.False(File.Exists(Current(root)));

        if (kind is "nan" or "label2" or "negweight")
        {
            var skipped = await fx.RunAsync(root, new Dictionary<string, string?>
            {
                ["Calibration:Input"] = csv,
                ["Calibration:MinRows"] = "100",
                ["Calibration:SkipBadRows"] = "true",
            });
            Assert.True(skipped.Status == JobStatus.Published, skipped.Summary);
            Assert.Equal(kind == "label2" ? 2 : 1, skipped.Metrics["bad_rows_skipped"]);
        }
    }

    [Theory]
    [InlineData("PushDown")]
    [InlineData("Exact")]
    public async Task Bad_rows_in_clickhouse_fail_naming_columns_and_counts(string mode)
    {
        // Far before the simulated history, so no other test's window sees these rows.
        var at = CalibrationFixture.End.AddDays(-60);
        if (await fx.Store.Db.ScalarAsync<long>(
                "SELECT count() FROM landing_events WHERE model_id = 'bad-rows-test'") == 0)
            await fx.Store.Db.ExecuteAsync("""
                INSERT INTO landing_events (ts, slot, leader, leader_group, route, tip_arm, tip_lamports, p_land_est,
                                            ev_est_sol, propensity, phase_offset_ms, landed, payoff_sol,
                                            land_latency_ms, model_id, policy)
                SELECT {at:DateTime64(3, 'UTC')} + toIntervalMinute(number), number, 'L', 'agave', 'r', 0, 1000,
                       [nan, 0.5, 1e300, 0.2][number + 1], 0.01, 0.5, 10, [0, 2, 1, 2][number + 1], 0, NULL,
                       'bad-rows-test', 'p'
                FROM numbers(4)
                """, new MevAnalytics.Data.Connection.QueryParameters().Add("at", at));
        var root = fx.NewRoot("bad-ch");
        var outcome = await fx.RunAsync(root, new Dictionary<string, string?> { ["Calibration:Mode"] = mode },
            at.AddDays(1));
        Assert.Equal(JobStatus.Failed, outcome.Status);
        // NaN and 1e300 alike: the same rule in push-down SQL and in the exact reader.
        Assert.Contains("column 'p_land_est' has 2 row(s) with a score that is not a number in [0, 1]",
            outcome.Summary);
        Assert.Contains("column 'landed' has 2 row(s)", outcome.Summary);
        Assert.Contains("landing_events", outcome.Summary);
        Assert.False(File.Exists(Current(root)));
    }

    [Theory]
    [InlineData("PushDown")]
    [InlineData("Exact")]
    public async Task Nan_and_overflowing_ev_are_bad_rows_named_by_column_not_a_rerun_or_a_raw_engine_code(string mode)
    {
        // Far before the simulated history and the other bad-row tests' rows.
        var at = CalibrationFixture.End.AddDays(-120);
        if (await fx.Store.Db.ScalarAsync<long>(
                "SELECT count() FROM landing_events WHERE model_id = 'bad-ev-test'") == 0)
            await fx.Store.Db.ExecuteAsync("""
                INSERT INTO landing_events (ts, slot, leader, leader_group, route, tip_arm, tip_lamports, p_land_est,
                                            ev_est_sol, propensity, phase_offset_ms, landed, payoff_sol,
                                            land_latency_ms, model_id, policy)
                SELECT {at:DateTime64(3, 'UTC')} + toIntervalMinute(number), number, 'L', 'agave', 'r', 0, 1000,
                       0.5, if(number < 3, [nan, 1e300, -1e300][number + 1], 0.01 * number), 0.5, 10, number % 2,
                       if(number = 3, nan, 0.001 * number), NULL, 'bad-ev-test', 'p'
                FROM numbers(400)
                """, new MevAnalytics.Data.Connection.QueryParameters().Add("at", at));
        var root = fx.NewRoot("bad-ev-" + mode);
        var outcome = await fx.RunAsync(root, new Dictionary<string, string?> { ["Calibration:Mode"] = mode },
            at.AddDays(1));
        Assert.Equal(JobStatus.Failed, outcome.Status);
        Assert.Contains(
            "column 'ev_est_sol' has 3 row(s) with an EV estimate that is NaN, infinite or beyond ±1e9 SOL",
            outcome.Summary);
        Assert.Contains("column 'payoff_sol' has 1 row(s) with a payoff that is NaN", outcome.Summary);
        Assert.DoesNotContain("rerun", outcome.Summary);
        Assert.DoesNotContain("Code:", outcome.Summary);
        Assert.False(File.Exists(Current(root)));
    }

    [Theory]
    [InlineData("PushDown")]
    [InlineData("Exact")]
    public async Task Routes_that_are_not_valid_utf8_or_hold_a_slash_are_bad_rows_and_the_others_are_fitted(
        string mode)
    {
        // Far before the simulated history and the other bad-row test's rows.
        var at = CalibrationFixture.End.AddDays(-90);
        if (await fx.Store.Db.ScalarAsync<long>(
                "SELECT count() FROM landing_events WHERE model_id = 'bad-keys-test'") == 0)
            await fx.Store.Db.ExecuteAsync("""
                INSERT INTO landing_events (ts, slot, leader, leader_group, route, tip_arm, tip_lamports, p_land_est,
                                            ev_est_sol, propensity, phase_offset_ms, landed, payoff_sol,
                                            land_latency_ms, model_id, policy)
                SELECT {at:DateTime64(3, 'UTC')} + toIntervalSecond(10 * number), number, 'L', 'agave',
                       multiIf(number % 50 = 7, unhex('E228A1'), number % 50 = 9, 'split/route', 'good'),
                       0, 1000, (number % 97) / 97, 0.01, 0.5, 10, toUInt8((number * 7919) % 97 < number % 97), 0,
                       NULL, 'bad-keys-test', 'p'
                FROM numbers(5000)
                """, new MevAnalytics.Data.Connection.QueryParameters().Add("at", at));
        var settings = new Dictionary<string, string?>
        {
            ["Calibration:Mode"] = mode,
            ["Calibration:MinRows"] = "100",
            ["Calibration:FitEv"] = "false",
        };
        var root = fx.NewRoot("bad-keys-" + mode);

        var refused = await fx.RunAsync(root, settings, at.AddDays(1));
        Assert.Equal(JobStatus.Failed, refused.Status);
        Assert.Contains("column 'route' has 100 row(s) with a name that is not valid UTF-8", refused.Summary);
        Assert.Contains("column 'route' has 100 row(s) with a '/' in the name", refused.Summary);
        Assert.Contains(@"'\uFFFD(\uFFFD'", refused.Summary); // the bad name shown escaped, not rendered
        Assert.False(File.Exists(Current(root)));

        settings["Calibration:SkipBadRows"] = "true";
        var skipped = await fx.RunAsync(root, settings, at.AddDays(1));
        Assert.True(skipped.Status == JobStatus.Published, skipped.Summary);
        Assert.Equal(200, skipped.Metrics["bad_rows_skipped"]);
        using var lut = LutFile.Open(skipped.Outputs[0]);
        var keys = Enumerable.Range(0, lut.Reader.SegmentCount).Select(i => lut.Reader.SegmentAt(i).Key).ToList();
        Assert.Contains("good", keys);
        Assert.DoesNotContain(keys, k => k.Contains('\uFFFD') || k.StartsWith("split", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_window_fails_and_publishes_nothing()
    {
        var root = fx.NewRoot("empty");
        var outcome = await fx.RunAsync(root, utcNow: CalibrationFixture.End.AddDays(-30));
        Assert.Equal(JobStatus.Failed, outcome.Status);
        Assert.Contains("empty window", outcome.Summary);
        Assert.False(File.Exists(Current(root)));
    }

    [Fact]
    public async Task A_worse_table_is_gated_and_the_current_one_stays()
    {
        var root = fx.NewRoot("gate");
        string Write(string name, Func<double, double> trainRate)
        {
            var rng = new Random(11);
            var sb = new StringBuilder("score,label,ts\n");
            for (int i = 0; i < 20_000; i++)
            {
                double s = rng.NextDouble();
                bool holdout = i >= 16_000; // ts increases with i: the last 20% of the time range is the holdout
                double rate = holdout ? s : trainRate(s);
                sb.Append(CultureInfo.InvariantCulture,
                    $"{s:R},{(rng.NextDouble() < rate ? 1 : 0)},{1_700_000_000_000L + i * 1000L}\n");
            }
            var path = Path.Combine(fx.Folder, name);
            File.WriteAllText(path, sb.ToString());
            return path;
        }
        var good = Write("gate-good.csv", s => s);
        var bad = Write("gate-bad.csv", s => 1 - s); // training says "higher score, lower rate": the fit goes flat
        var first = await fx.RunAsync(root, new Dictionary<string, string?> { ["Calibration:Input"] = good });
        Assert.True(first.Status == JobStatus.Published, first.Summary);
        var currentBefore = File.ReadAllText(Current(root));
        var lutBytes = File.ReadAllBytes(first.Outputs[0]);

        var second = await fx.RunAsync(root, new Dictionary<string, string?> { ["Calibration:Input"] = bad });
        Assert.Equal(JobStatus.Gated, second.Status);
        Assert.Contains("holdout-logloss", second.Summary);
        Assert.Equal(currentBefore, File.ReadAllText(Current(root)));
        Assert.Equal(lutBytes, File.ReadAllBytes(first.Outputs[0]));
        Assert.Single(Directory.GetFiles(Path.Combine(root, "luts", CalibrationJob.TableName), "*.lut"));
    }
}
