using System.Text.Json.Nodes;
using MevAnalytics.Lut;

namespace MevAnalytics.Integration.Tests.Golden;

/// <summary>A published table as the values the runtime reads: header, every record of every section, and each
/// curve's lookups at 33 scores across its range. Values stored as f32 sit under keys ending in
/// <c>.f32</c>.</summary>
public static class GoldenLut
{
    public static JsonObject Decode(string path)
    {
        using var lut = LutFile.Open(path);
        var r = lut.Reader;
        var h = lut.Header;
        var segments = new JsonArray();
        for (int i = 0; i < r.SegmentCount; i++)
        {
            var c = r.SegmentAt(i);
            var segment = new JsonObject
            {
                ["key"] = c.Key,
                ["parent"] = c.ParentIndex < 0 ? null : r.SegmentAt(c.ParentIndex).Key,
                ["samples"] = c.SampleCount,
                ["hasCurve"] = c.HasCurve,
            };
            if (c.HasCurve)
            {
                var knots = new JsonArray();
                for (int k = 0; k < c.KnotCount; k++) knots.Add(new JsonArray(c.Knot(k).X, c.Knot(k).Y));
                var lookups = new JsonArray();
                foreach (var x in Scores(c)) lookups.Add(new JsonArray(x, c.Calibrate(x)));
                segment["xMin"] = c.XMin;
                segment["xMax"] = c.XMax;
                segment["knots"] = knots;
                segment["lookups.f32"] = lookups;
            }
            segments.Add(segment);
        }
        var arms = new JsonArray();
        for (int i = 0; i < r.ArmCount; i++)
        {
            var a = r.ArmAt(i);
            arms.Add(new JsonObject
            {
                ["route"] = a.Route,
                ["arm"] = a.ArmIndex,
                ["leaderGroup"] = a.LeaderGroup,
                ["alpha"] = a.Alpha,
                ["beta"] = a.Beta,
                ["decayedPulls"] = a.DecayedPulls,
                ["decayedLands"] = a.DecayedLands,
                ["payoffMean"] = a.PayoffMean,
                ["payoffVariance"] = a.PayoffVariance,
                ["tipLamports"] = a.TipLamports,
                ["lastUpdated"] = a.LastUpdatedUnixMs,
            });
        }
        var latency = new JsonArray();
        for (int i = 0; i < r.LatencyCount; i++)
        {
            var l = r.LatencyAt(i);
            latency.Add(new JsonObject
            {
                ["route"] = l.Route,
                ["endpoint"] = l.Endpoint,
                ["count"] = l.Count,
                ["errorRate"] = l.ErrorRate,
                ["p50Ms"] = l.P50Ms,
                ["p90Ms"] = l.P90Ms,
                ["p99Ms"] = l.P99Ms,
                ["p999Ms"] = l.P999Ms,
            });
        }
        var phases = new JsonArray();
        for (int i = 0; i < r.PhaseCount; i++)
        {
            var p = r.PhaseAt(i);
            phases.Add(new JsonObject
            {
                ["leader"] = p.Leader,
                ["samples"] = p.SampleCount,
                ["offsetMs"] = p.OptimalOffsetMs,
                ["spreadMs"] = p.SpreadMs,
                ["kalmanState"] = p.KalmanInitialState,
                ["kalmanVariance"] = p.KalmanInitialVariance,
                ["processNoise"] = p.ProcessNoise,
                ["measurementNoise"] = p.MeasurementNoise,
            });
        }
        var hedges = new JsonArray();
        for (int i = 0; i < r.RouteHedgeCount; i++)
        {
            var x = r.RouteHedgeAt(i);
            hedges.Add(new JsonObject
            {
                ["route"] = x.Route,
                ["hedgeDelayMs"] = x.HedgeDelayMs,
                ["hedgeFireRate"] = x.HedgeFireRate,
                ["sloBreaches"] = x.SloBreaches,
                ["count"] = x.Count,
            });
        }
        return new JsonObject
        {
            ["header"] = new JsonObject
            {
                ["kind"] = h.Kind.ToString(),
                ["createdAt"] = h.CreatedAtUnixMs,
                ["windowFrom"] = h.WindowFromUnixMs,
                ["windowTo"] = h.WindowToUnixMs,
                ["rowsUsed"] = h.RowsUsed,
                ["job"] = h.ProducerJob,
                ["revision"] = h.GitRevision,
            },
            ["formatVersion"] = r.FormatVersion,
            ["segments"] = segments,
            ["arms"] = arms,
            ["latency"] = latency,
            ["phases"] = phases,
            ["hedges"] = hedges,
        };
    }

    private static List<double> Scores(CalibrationCurveView c)
    {
        var scores = new List<double>();
        for (int i = 0; i <= 32; i++) scores.Add(c.XMin + (c.XMax - c.XMin) * i / 32);
        return scores;
    }
}
