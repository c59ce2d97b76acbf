using System.Buffers.Binary;

namespace MevAnalytics.Lut.Tests;

/// <summary>
/// Format 2 curves: the lookup equals the knots' interpolation (numpy.interp's arithmetic, clipped) at every score,
/// for random, tied, clustered and jumping curves; the bucket index keeps the expected steps within the documented
/// bound; and a file whose index or knots break a rule is refused at open.
/// </summary>
public sealed class CurveLookupTests
{
    /// <summary>numpy.interp(score, x, y) clipped to the ends, with the last knot at or below the score (ties: the
    /// last of them), written from the spec without the index: the oracle.</summary>
    private static double Interp(IReadOnlyList<CalibrationKnot> k, double score)
    {
        if (!(score > k[0].X)) return k[0].Y;
        if (score >= k[^1].X) return k[^1].Y;
        int j = 0;
        while (j + 1 < k.Count && k[j + 1].X <= score) j++;
        double slope = (k[j + 1].Y - k[j].Y) / (k[j + 1].X - k[j].X);
        return slope * (score - k[j].X) + k[j].Y;
    }

    public static IEnumerable<object[]> Curves() =>
    [
        ["random", Random(1, 200, ties: false, clustered: false)],
        ["ties", Random(2, 200, ties: true, clustered: false)],
        ["clustered", Random(3, 300, ties: false, clustered: true)],
        ["jump", (CalibrationKnot[])[new(0, 0.01), new(0.5, 0.01), new(0.5 + 1e-13, 0.99), new(1, 0.995)]],
        ["two", (CalibrationKnot[])[new(-3, 0.2), new(7, 0.4)]],
        ["flat", (CalibrationKnot[])[new(0.1, 0.5), new(0.1000000001, 0.5)]],
    ];

    private static CalibrationKnot[] Random(int seed, int n, bool ties, bool clustered)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => clustered ? Math.Pow(random.NextDouble(), 6) : random.NextDouble())
            .Order().ToArray();
        if (ties) for (int i = 1; i < n; i += 7) x[i] = x[i - 1];
        double y = 0;
        return x.Select(v => new CalibrationKnot(v, y = Math.Min(1, y + random.NextDouble() * 0.01))).ToArray();
    }

    private static LutFile Table(CalibrationKnot[] knots) => LutFile.FromBytes(LutWriter.Write(
        new LutContent(SampleLuts.Header(LutTableKind.Calibration)) { Calibration = [new("*", null, 1, knots)] }));

    [Theory]
    [MemberData(nameof(Curves))]
    public void Lookups_equal_the_knots_interpolation_at_knots_midpoints_random_scores_and_outside(string name,
        CalibrationKnot[] knots)
    {
        using var lut = Table(knots);
        var scores = new List<double> { double.NegativeInfinity, -1e300, knots[0].X - 1, knots[^1].X + 1, 1e300 };
        for (int i = 0; i < knots.Length; i++)
        {
            scores.Add(knots[i].X);
            scores.Add(Math.BitDecrement(knots[i].X));
            scores.Add(Math.BitIncrement(knots[i].X));
            if (i + 1 < knots.Length) scores.Add(knots[i].X + (knots[i + 1].X - knots[i].X) / 2);
        }
        var random = new Random(9);
        double lo = knots[0].X, span = knots[^1].X - lo;
        for (int i = 0; i < 20_000; i++) scores.Add(lo - 0.1 * span + 1.2 * span * random.NextDouble());
        var results = new double[scores.Count];
        lut.Reader.Calibrate("*", scores.ToArray(), results);
        for (int i = 0; i < scores.Count; i++)
        {
            double expected = Interp(knots, scores[i]);
            Assert.True(expected == results[i],
                $"{name}: score {scores[i]:R}: lookup {results[i]:R}, fit {expected:R}");
            Assert.Equal(results[i], lut.Reader.Calibrate("*", scores[i])); // one at a time, by key: the same
        }
        Assert.Equal(knots[0].Y, lut.Reader.Calibrate("*", double.NaN));
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void The_index_keeps_a_lookup_within_one_expected_step(string name, CalibrationKnot[] knots)
    {
        var x = knots.Select(k => k.X).ToArray();
        int buckets = CalibrationBucketIndex.Size(x);
        Assert.True(System.Numerics.BitOperations.IsPow2(buckets) && buckets >= Math.Max(1, x.Length - 1));
        var (uniform, perInterval, max) = CalibrationBucketIndex.ExpectedSteps(x, buckets);
        bool capped = buckets >= CalibrationBucketIndex.MaxBucketsPerInterval * (x.Length - 1);
        Assert.True(capped || (uniform <= 1 && perInterval <= 1),
            $"{name}: {buckets} buckets, expected steps {uniform} (uniform), {perInterval} (per interval)");
        // Measured: the mean of the actual forward steps over uniform scores agrees with the computed expectation.
        var index = new uint[buckets];
        CalibrationBucketIndex.Fill(x, buckets, index);
        double scale = CalibrationBucketIndex.Scale(x, buckets), steps = 0;
        var random = new Random(4);
        const int samples = 200_000;
        int most = 0;
        for (int i = 0; i < samples; i++)
        {
            double s = x[0] + (x[^1] - x[0]) * random.NextDouble();
            if (!(s > x[0])) continue;
            int k = (int)index[CalibrationBucketIndex.Of(s, x[0], scale, buckets)], start = k;
            while (x[k + 1] <= s) k++;
            steps += k - start;
            most = Math.Max(most, k - start);
        }
        Assert.InRange(steps / samples, uniform - 0.05, uniform + 0.05);
        Assert.True(most <= max, $"{name}: a lookup took {most} steps, the index's bound is {max}");
    }

    [Fact]
    public void A_bucket_that_points_past_its_score_or_knots_out_of_order_are_refused_at_open()
    {
        var knots = Random(5, 50, ties: false, clustered: false);
        var bytes = LutWriter.Write(new LutContent(SampleLuts.Header(LutTableKind.Calibration))
        {
            Calibration = [new("*", null, 1, knots)],
        });
        var (buckets, count) = SampleLuts.Section(bytes, (uint)LutSectionKind.CalibrationBuckets);
        var wrongBucket = (byte[])bytes.Clone();
        int b = count - 1;
        uint k = BinaryPrimitives.ReadUInt32LittleEndian(wrongBucket.AsSpan(buckets + 4 * b));
        BinaryPrimitives.WriteUInt32LittleEndian(wrongBucket.AsSpan(buckets + 4 * b), k + 1);
        var e = Assert.Throws<LutFormatException>(() => LutReader.Open(SampleLuts.Rechecksum(wrongBucket)));
        Assert.Equal(LutFormatError.BadRecord, e.Reason);
        Assert.Contains($"bucket {b}", e.Message);

        var (knotAt, _) = SampleLuts.Section(bytes, (uint)LutSectionKind.CalibrationKnots);
        var unsorted = (byte[])bytes.Clone();
        BinaryPrimitives.WriteDoubleLittleEndian(unsorted.AsSpan(knotAt + 24 * 10), knots[20].X);
        e = Assert.Throws<LutFormatException>(() => LutReader.Open(SampleLuts.Rechecksum(unsorted)));
        Assert.Contains("knot 11", e.Message);

        var (segment, _) = SampleLuts.Section(bytes, (uint)LutSectionKind.CalibrationSegments);
        var scale = (byte[])bytes.Clone();
        double stored = BinaryPrimitives.ReadDoubleLittleEndian(scale.AsSpan(segment + 32));
        BinaryPrimitives.WriteDoubleLittleEndian(scale.AsSpan(segment + 32), Math.BitIncrement(stored));
        e = Assert.Throws<LutFormatException>(() => LutReader.Open(SampleLuts.Rechecksum(scale)));
        Assert.Contains("scale", e.Message);
    }

    [Fact]
    public void A_format_1_table_still_reads_with_its_grid_and_says_so()
    {
        var knots = Random(6, 40, ties: false, clustered: false);
        var content = new LutContent(SampleLuts.Header(LutTableKind.Calibration))
        {
            Calibration = [new("*", null, 1, knots)],
        };
        using var v1 = LutFile.FromBytes(LutWriter.Write(content, formatVersion: 1));
        using var v2 = LutFile.FromBytes(LutWriter.Write(content));
        Assert.Equal(1, v1.Reader.FormatVersion);
        Assert.Equal(2, v2.Reader.FormatVersion);
        Assert.True(v1.Reader.TryGetCurve("*", out var grid));
        Assert.Equal(LutWriter.GridSizeV1, grid.GridCount);
        Assert.Equal(0, grid.BucketCount);
        // The grid samples the knots: equal at its own points, off between them; format 2 is the knots.
        double worst = 0;
        for (int i = 0; i < 1000; i++)
        {
            double s = knots[0].X + (knots[^1].X - knots[0].X) * i / 999;
            worst = Math.Max(worst, Math.Abs(v1.Calibrate("*", s) - Interp(knots, s)));
            Assert.Equal(Interp(knots, s), v2.Calibrate("*", s));
        }
        Assert.True(worst > 1e-6, "a grid misses knots that fall between its points");
    }
}
