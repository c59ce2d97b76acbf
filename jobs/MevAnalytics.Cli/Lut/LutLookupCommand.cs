using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Lut;
using static MevAnalytics.Cli.Lut.LutText;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut lookup</c>: the value the runtime would read for a key.</summary>
public static class LutLookupCommand
{
    public static Command Create()
    {
        var source = new LutSource();
        var segment = new Option<string>("--segment") { Description = "Calibration segment key (with --score)" };
        var score = new Option<double?>("--score") { Description = "Raw score to calibrate" };
        var scores = new Option<string?>("--scores")
        {
            Description = "With --segment: a file of scores, one per line ('-' for standard input); prints one value " +
                          "per line, in order",
        };
        var route = new Option<string>("--route") { Description = "Route key (with --arm or --endpoint)" };
        var arm = new Option<int?>("--arm") { Description = "Arm index (with --route, optional --leader-group)" };
        var group = new Option<string>("--leader-group") { Description = "Leader group for an arm lookup" };
        var endpoint = new Option<string>("--endpoint") { Description = "Endpoint key (with --route)" };
        var leader = new Option<string>("--leader") { Description = "Leader key for a phase lookup" };
        var hedge = new Option<bool>("--hedge")
        {
            Description = "With --route: the route's hedge delay and SLO breach flags",
        };
        var cmd = new Command("lookup", "Print the value the runtime would read")
        {
            segment, score, scores, route, arm, group, endpoint, leader, hedge,
        };
        source.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommandAction.Run(parse, ct, output =>
        {
            using var lut = LutFile.Open(source.Resolve(parse));
            var r = lut.Reader;
            if (parse.GetValue(segment) is { } seg)
            {
                if (!r.TryGetCurve(seg, out var curve))
                    throw new KeyNotFoundException(seg.StartsWith("ev:", StringComparison.Ordinal)
                        ? $"no EV curve for '{seg}': neither it, its route nor \"ev:*\" has one (ev: keys never " +
                          "fall back to p_land curves)"
                        : $"no curve for segment '{seg}' and no \"*\" fallback");
                var error = parse.InvocationConfiguration.Error;
                if (curve.Key != seg)
                    error.WriteLine($"note: segment '{seg}' has no curve of its own; the values are segment " +
                                    $"'{curve.Key}''s");
                if (parse.GetValue(scores) is { } path)
                {
                    var xs = LutScores.Read(path);
                    var values = new double[xs.Length];
                    r.Calibrate(seg, xs, values);
                    foreach (double v in values) output.WriteLine(Number(v));
                    var (lo, hi) = (curve.XMin, curve.XMax);
                    int outside = xs.Count(x => !(x > lo && x < hi));
                    if (outside > 0)
                        error.WriteLine($"note: {outside} of {xs.Length} scores are outside the curve's range " +
                                        $"[{Number(curve.XMin)}, {Number(curve.XMax)}] and read its end values");
                    return 0;
                }
                double x = parse.GetValue(score) ?? throw new ArgumentException("--segment needs --score or --scores");
                output.WriteLine($"{Number(curve.Calibrate(x))}\t(segment {curve.Key})");
                if (!(x > curve.XMin && x < curve.XMax))
                    error.WriteLine($"note: score {Number(x)} is outside the curve's range [{Number(curve.XMin)}, " +
                                    $"{Number(curve.XMax)}]: the lookup reads the end value");
            }
            else if (parse.GetValue(route) is { } rt && parse.GetValue(arm) is { } a)
            {
                if (!r.TryGetArm(rt, a, parse.GetValue(group), out var v))
                    throw new KeyNotFoundException($"no arm {a} on route '{rt}'");
                output.WriteLine($"route {v.Route} arm {v.ArmIndex} group {v.LeaderGroup ?? "-"}: alpha " +
                                 $"{Number(v.Alpha)} beta {Number(v.Beta)} pulls {Number(v.DecayedPulls)} lands " +
                                 $"{Number(v.DecayedLands)} payoff {Number(v.PayoffMean)} var " +
                                 $"{Number(v.PayoffVariance)} tip {v.TipLamports} updated {v.LastUpdatedUnixMs}");
            }
            else if (parse.GetValue(route) is { } hedged && parse.GetValue(hedge))
            {
                var v = r.RouteHedge(hedged);
                output.WriteLine($"route {v.Route}: hedge delay {Number(v.HedgeDelayMs)} ms fire rate " +
                                 $"{Number(v.HedgeFireRate)} slo breaches {v.SloBreaches} samples {v.Count}");
            }
            else if (parse.GetValue(route) is { } probed && parse.GetValue(endpoint) is { } ep)
            {
                var v = r.Latency(probed, ep);
                output.WriteLine($"route {v.Route} endpoint {v.Endpoint}: count {v.Count} error " +
                                 $"{Number(v.ErrorRate)} p50 {Number(v.P50Ms)} p90 {Number(v.P90Ms)} p99 " +
                                 $"{Number(v.P99Ms)} p999 {Number(v.P999Ms)} ms");
            }
            else if (parse.GetValue(leader) is { } ld)
            {
                var v = r.Phase(ld);
                output.WriteLine($"leader {v.Leader}: offset {Number(v.OptimalOffsetMs)} ms spread " +
                                 $"{Number(v.SpreadMs)} samples {v.SampleCount} " +
                                 $"kalman x0 {Number(v.KalmanInitialState)} " +
                                 $"p0 {Number(v.KalmanInitialVariance)} q {Number(v.ProcessNoise)} r " +
                                 $"{Number(v.MeasurementNoise)}");
            }
            else
            {
                throw new ArgumentException(
                    "give --segment/--score, --route/--arm, --route/--endpoint, --route/--hedge or --leader");
            }
            return 0;
        }));
        return cmd;
    }
}
