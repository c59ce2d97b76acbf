using System.Buffers.Binary;
using System.Text;

namespace MevAnalytics.Lut.Tests;

/// <summary>The key index (kind 9) answers exactly what the binary search over the string table answers.</summary>
public class KeyIndexTests
{
    private static LutContent ManyKeys(int routes)
    {
        var random = new Random(3);
        var segments = new List<CalibrationSegment> { SampleLuts.Linear("*"), SampleLuts.Linear("ev:*") };
        for (int r = 0; r < routes; r++)
        {
            segments.Add(SampleLuts.Linear($"route-{r}"));
            for (int a = 0; a < 4; a++)
                segments.Add(random.Next(3) == 0
                    ? new CalibrationSegment($"route-{r}/{a}", $"route-{r}", 10, [])
                    : SampleLuts.Linear($"route-{r}/{a}", $"route-{r}")
                        with
                    { Knots = [new(0, 0.1 * a), new(0.5, 0.1 * a + 0.2), new(1, 0.9)] });
            if (r % 2 == 0) segments.Add(SampleLuts.Linear($"ev:route-{r}") with { Knots = [new(0, 0), new(1, 0.02)] });
        }
        return new LutContent(SampleLuts.Header(LutTableKind.Calibration)) { Calibration = segments };
    }

    /// <summary>The same file without its key index (kind 9), re-laid out.</summary>
    private static byte[] WithoutIndex(byte[] file) => SampleLuts.WithoutSection(file, (uint)LutSectionKind.KeyIndex);

    [Fact]
    public void Every_key_and_every_miss_resolves_the_same_with_and_without_the_index()
    {
        var bytes = LutWriter.Write(ManyKeys(300));
        var legacyBytes = WithoutIndex(bytes);
        var indexed = LutReader.Open(bytes);
        var legacy = LutReader.Open(legacyBytes);
        Assert.True(indexed.HasKeyIndex);
        Assert.False(legacy.HasKeyIndex);
        var keys = new List<string>();
        for (int i = 0; i < indexed.StringCount; i++) keys.Add(Encoding.UTF8.GetString(indexed.StringAt(i)));
        keys.AddRange(["route-7/9", "ev:route-1/2", "ev:route-2/2", "ev:nosuch/9", "nosuch", "", "route-", "ev:",
            "ev:route-4/0/x"]);
        foreach (var key in keys)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(key);
            Assert.Equal(legacy.FindString(utf8), indexed.FindString(utf8));
            bool a = indexed.TryGetCurve(key, out var ca), b = legacy.TryGetCurve(key, out var cb);
            Assert.Equal(b, a);
            if (a) Assert.Equal(cb.Key, ca.Key);
            if (a) Assert.Equal(key.StartsWith("ev:", StringComparison.Ordinal),
                ca.Key.StartsWith("ev:", StringComparison.Ordinal));
        }
        Assert.True(indexed.TryGetCurve("ev:route-1/2", out var odd));
        Assert.Equal("ev:*", odd.Key); // route-1 has no EV fit: ev:*, never the p_land route-1 curve
        Assert.True(indexed.TryGetCurve("ev:route-2/2", out var even));
        Assert.Equal("ev:route-2", even.Key);
    }

    [Fact]
    public void A_run_of_scores_calibrates_as_each_score_alone_for_every_key_and_fallback()
    {
        // Every curve differs, so a run resolved to the wrong segment gives other values.
        var content = new LutContent(SampleLuts.Header(LutTableKind.Calibration))
        {
            Calibration =
            [
                new("*", null, 100, [new(0, 0.0), new(1, 1.0)]),
                new("r1", null, 100, [new(0, 0.1), new(1, 0.5)]),
                new("r1/0", "r1", 10, []), // fallback-only: its parent's curve
                new("r1/1", "r1", 100, [new(0, 0.3), new(0.5, 0.4), new(1, 0.9)]),
                new("ev:*", null, 100, [new(0, 0.0), new(1, 0.02)]),
                new("ev:r1", null, 100, [new(0, 0.01), new(1, 0.05)]),
            ],
        };
        var bytes = LutWriter.Write(content);
        var scores = Enumerable.Range(-5, 120).Select(i => i / 100.0).ToArray();
        var results = new double[scores.Length + 1];
        foreach (var file in new[] { bytes, WithoutIndex(bytes) })
        {
            var reader = LutReader.Open(file);
            foreach (var key in new[] { "r1/0", "r1/1", "r1", "r2/5", "*", "ev:r1/1", "ev:r9", "rüte/1" })
            {
                Array.Fill(results, double.NaN);
                reader.Calibrate(key, scores, results);
                for (int i = 0; i < scores.Length; i++) Assert.Equal(reader.Calibrate(key, scores[i]), results[i]);
                Assert.True(double.IsNaN(results[^1])); // nothing written past the scores
            }
            Assert.NotEqual(reader.Calibrate("r1/1", 0.7), reader.Calibrate("r1/0", 0.7));
            reader.Calibrate("ev:nosuch/9", [], []); // no scores: nothing looked up, as no single call was made
            Assert.Throws<KeyNotFoundException>(() =>
                LutReader.Open(LutWriter.Write(content with { Calibration = [.. content.Calibration.Take(4)] }))
                    .Calibrate("ev:r1", scores, results));
            Assert.Throws<ArgumentException>(() => LutReader.Open(file).Calibrate("*", scores, new double[3]));
        }
    }

    [Fact]
    public void An_ev_key_without_any_ev_curve_is_an_error_not_a_p_land_curve()
    {
        var lut = LutReader.Open(LutWriter.Write(SampleLuts.Mixed()));
        Assert.True(lut.TryCalibrate("nosuch/9", 0.5, out _)); // p_land: "*"
        Assert.False(lut.TryCalibrate("ev:nosuch/9", 0.5, out _));
        Assert.Throws<KeyNotFoundException>(() =>
            LutReader.Open(LutWriter.Write(SampleLuts.Mixed())).Calibrate("ev:nosuch/9", 0.5));
    }

    [Fact]
    public void A_key_index_that_disagrees_with_the_sections_is_rejected()
    {
        var bytes = LutWriter.Write(ManyKeys(20));
        var (at, slots) = SampleLuts.Section(bytes, (uint)LutSectionKind.KeyIndex);
        int filled = Enumerable.Range(0, slots)
            .First(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8 * i)) != uint.MaxValue);

        var wrongCurve = (byte[])bytes.Clone();
        uint curve = BinaryPrimitives.ReadUInt32LittleEndian(wrongCurve.AsSpan(at + 8 * filled + 4));
        BinaryPrimitives.WriteUInt32LittleEndian(wrongCurve.AsSpan(at + 8 * filled + 4),
            curve == uint.MaxValue ? 0 : uint.MaxValue);
        var e = Assert.Throws<LutFormatException>(() => LutReader.Open(SampleLuts.Rechecksum(wrongCurve)));
        Assert.Equal(LutFormatError.BadRecord, e.Reason);
        Assert.Contains("curve", e.Message);

        var dropped = (byte[])bytes.Clone();
        // a string missing from the index
        BinaryPrimitives.WriteUInt64LittleEndian(dropped.AsSpan(at + 8 * filled), ulong.MaxValue);
        e = Assert.Throws<LutFormatException>(() => LutReader.Open(SampleLuts.Rechecksum(dropped)));
        Assert.Contains("key index holds", e.Message);
    }

    [Fact]
    public void Route_hedges_round_trip_and_missing_routes_have_no_row()
    {
        var content = SampleLuts.Mixed() with
        {
            Hedges = [new("jito", 4 | 16, 88.5, 0.05, 1900), new("bloxroute", 0, 120, 0.05, 10)],
        };
        var lut = LutReader.Open(LutWriter.Write(content));
        var h = lut.RouteHedge("jito");
        Assert.Equal((4u | 16u, 88.5, 0.05, 1900L, true),
            (h.SloBreaches, h.HedgeDelayMs, h.HedgeFireRate, h.Count, h.SloBreached));
        Assert.False(lut.RouteHedge("bloxroute").SloBreached);
        Assert.False(lut.TryGetRouteHedge("nope", out _));
        Assert.Throws<ArgumentException>(() =>
            LutWriter.Write(content with { Hedges = [new("a", 0, 1, 0, 1), new("a", 0, 2, 0, 1)] }));
    }

    [Fact]
    public void The_ascii_char_hash_and_compare_agree_with_the_utf8_bytes()
    {
        var random = new Random(5);
        for (int n = 0; n <= 40; n++)
            for (int k = 0; k < 20; k++)
            {
                string key = new([.. Enumerable.Range(0, n).Select(_ => (char)random.Next(0, 128))]);
                byte[] utf8 = Encoding.UTF8.GetBytes(key);
                Assert.True(MevAnalytics.Lut.Format.LutKeyHash.TryOfAscii(key, out ulong h));
                Assert.Equal(MevAnalytics.Lut.Format.LutKeyHash.Of(utf8), h);
                if (n == 0) continue;
                var chars = key.ToCharArray();
                chars[random.Next(n)] = random.Next(2) == 0 ? 'ü' : '\u0080';
                // non-ASCII anywhere: transcoded instead
                Assert.False(MevAnalytics.Lut.Format.LutKeyHash.TryOfAscii(chars, out _));
            }
        // Lookups by string, by UTF-8, with and without fallback, ASCII or not, agree.
        var lut = LutReader.Open(LutWriter.Write(ManyKeys(30) with
        {
            Calibration =
            [
                .. ManyKeys(30).Calibration,
                SampleLuts.Linear("rüte/1") with { Knots = [new(0, 0.3), new(1, 0.4)] },
            ],
        }));
        foreach (string key in new[] { "route-1/2", "route-12/3", "route-7", "nosuch", "ev:route-2/1", "ev:route-3/1",
                     "rüte/1", "r", "" })
        {
            bool a = lut.TryCalibrate(key, 0.3, out double byString),
                b = lut.TryCalibrate(Encoding.UTF8.GetBytes(key), 0.3, out double byUtf8);
            Assert.Equal(b, a);
            Assert.Equal(byUtf8, byString);
        }
        Assert.Equal(0.33, lut.Calibrate("rüte/1", 0.3), 6);
    }
}
