namespace MevAnalytics.Lut.Tests;

public class LutRoundTripTests
{
    [Fact]
    public void Header_and_records_read_back_as_written()
    {
        var content = SampleLuts.Mixed();
        var r = LutReader.Open(LutWriter.Write(content));
        Assert.Equal(content.Header, r.ReadHeader());
        Assert.Equal(5, r.SegmentCount);
        Assert.Equal(4, r.ArmCount);
        Assert.Equal(2, r.LatencyCount);
        Assert.Equal(2, r.PhaseCount);

        Assert.True(r.TryGetArm("jito", 1, "leaders-a", out var arm));
        Assert.Equal((9.0, 1.0, 10.0, 9.0, 7000.0, 300.0, 5000UL, 1_750_000_000_002L, "leaders-a"),
            (arm.Alpha, arm.Beta, arm.DecayedPulls, arm.DecayedLands, arm.PayoffMean, arm.PayoffVariance,
                arm.TipLamports, arm.LastUpdatedUnixMs, arm.LeaderGroup));

        var lat = r.Latency("jito", "fra.mainnet");
        Assert.Equal((900L, 0.02, 30.0, 50.0, 90.0, 150.0),
            (lat.Count, lat.ErrorRate, lat.P50Ms, lat.P90Ms, lat.P99Ms, lat.P999Ms));

        var phase = r.Phase("LeaderA");
        Assert.Equal((300L, 80.0, 20.0, 80.0, 100.0, 2.0, 16.0),
            (phase.SampleCount, phase.OptimalOffsetMs, phase.SpreadMs, phase.KalmanInitialState,
                phase.KalmanInitialVariance, phase.ProcessNoise, phase.MeasurementNoise));

        Assert.True(r.TryGetCurve("jito", out var curve));
        Assert.Equal(3, curve.KnotCount);
        Assert.Equal(new CalibrationKnot(0.5, 0.2), curve.Knot(1));
        Assert.Equal(500, curve.SampleCount);
    }

    [Fact]
    public void Same_content_in_any_order_gives_identical_bytes()
    {
        var content = SampleLuts.Mixed();
        var shuffled = content with
        {
            Calibration = content.Calibration.Reverse().ToArray(),
            Arms = content.Arms.Reverse().ToArray(),
            Latency = content.Latency.Reverse().ToArray(),
            Phases = content.Phases.Reverse().ToArray(),
        };
        Assert.Equal(LutWriter.Write(content), LutWriter.Write(shuffled));
    }

    [Fact]
    public void Sections_are_aligned_to_64_bytes()
    {
        var r = LutReader.Open(LutWriter.Write(SampleLuts.Mixed()));
        for (int i = 0; i < r.SectionCount; i++) Assert.Equal(0, r.Section(i).Offset % 64);
    }

    [Fact]
    public void Calibrate_matches_the_linear_curve_between_its_knots()
    {
        var content = new LutContent(SampleLuts.Header()) { Calibration = [SampleLuts.Linear("*")] };
        var r = LutReader.Open(LutWriter.Write(content));
        // y = x between two knots: the knots' interpolation is x itself.
        for (double x = 0; x <= 1; x += 0.013)
            Assert.Equal(x, r.Calibrate("*", x), 1e-15);
        Assert.Equal(0.0, r.Calibrate("*", -5));
        Assert.Equal(1.0, r.Calibrate("*", 5));
        Assert.Equal(0.0, r.Calibrate("*", double.NaN));
        Assert.Equal(1.0, r.Calibrate("*", double.PositiveInfinity));
        Assert.Equal(0.0, r.Calibrate("*", double.NegativeInfinity));
    }

    [Fact]
    public void Segments_fall_back_to_parent_then_global()
    {
        var r = LutReader.Open(LutWriter.Write(SampleLuts.Mixed()));
        // jito/fra is fallback-only with parent jito: jito's curve (0.2 at 0.5)
        Assert.Equal(0.2, r.Calibrate("jito/fra", 0.5), 6);
        // unknown segment and fallback-only segment without parent: "*" curve 0.1 + 0.4x
        Assert.Equal(0.3, r.Calibrate("nope", 0.5), 6);
        Assert.Equal(0.3, r.Calibrate("orphan", 0.5), 6);
        // own curve: 0.05 + 0.45 (x + 1)
        Assert.Equal(0.5, r.Calibrate("jito/ny", 0.0), 6);
        Assert.True(r.TryGetCurve("jito/fra", out var used));
        Assert.Equal("jito", used.Key);
    }

    [Fact]
    public void Missing_global_curve_means_no_calibration()
    {
        var content = new LutContent(SampleLuts.Header()) { Calibration = [SampleLuts.Linear("a")] };
        var r = LutReader.Open(LutWriter.Write(content));
        Assert.False(r.TryCalibrate("b", 0.5, out _));
        try { r.Calibrate("b", 0.5); Assert.Fail("expected KeyNotFoundException"); }
        catch (KeyNotFoundException e) { Assert.Contains("'b'", e.Message); }
    }

    [Fact]
    public void Arms_fall_back_from_leader_group_to_route_wide()
    {
        var r = LutReader.Open(LutWriter.Write(SampleLuts.Mixed()));
        Assert.True(r.TryGetArm("jito", 1, "unknown-group", out var arm));
        Assert.False(arm.HasLeaderGroup);
        Assert.Equal(5.0, arm.Alpha);
        Assert.False(r.TryGetArm("jito", 7, out _));
        Assert.False(r.TryGetArm("solana", 0, out _));
    }

    [Fact]
    public void Phase_falls_back_to_global_leader_and_latency_is_exact()
    {
        var r = LutReader.Open(LutWriter.Write(SampleLuts.Mixed()));
        Assert.Equal("*", r.Phase("SomeoneElse").Leader);
        Assert.False(r.TryGetLatency("jito", "tokyo", out _));
    }

    [Fact]
    public void Lookups_do_not_allocate()
    {
        using var file = LutFile.FromBytes(LutWriter.Write(SampleLuts.Mixed()));
        double sum = 0;
        void Run()
        {
            var r = file.Reader;
            for (int i = 0; i < 1000; i++)
            {
                sum += r.Calibrate("jito/ny", i / 1000.0) + r.Calibrate("nope", 0.3);
                sum += r.Arm("jito", 1).Alpha + r.Latency("jito", "ny.mainnet").P99Ms + r.Phase("x").SpreadMs;
                sum += r.Calibrate("jito"u8, 0.1);
            }
        }
        Run(); // warm up (JIT, tiering)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Fact]
    public void Memory_mapped_file_reads_like_bytes()
    {
        var bytes = LutWriter.Write(SampleLuts.Mixed());
        var path = Path.Combine(Path.GetTempPath(), $"lut-{Guid.NewGuid():N}.lut");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var file = LutFile.Open(path);
            Assert.Equal(bytes.Length, file.Length);
            Assert.True(file.Span.SequenceEqual(bytes));
            Assert.Equal(0.2, file.Calibrate("jito", 0.5), 6);
            file.Dispose();
            Assert.Throws<ObjectDisposedException>(() => file.Span.Length);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Unknown_sections_are_skipped()
    {
        var original = LutWriter.Write(SampleLuts.Mixed());
        var extended = SampleLuts.WithExtraSection(original, 4242, [1, 2, 3, 4, 5]);
        var r = LutReader.Open(extended);
        Assert.Equal(LutReader.Open(original).SectionCount + 1, r.SectionCount);
        Assert.Equal((LutSectionKind)4242, r.Section(r.SectionCount - 1).Kind);
        Assert.Equal(0.2, r.Calibrate("jito", 0.5), 6);
    }
}
