using System.CommandLine;
using System.Globalization;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Lut;
using static MevAnalytics.Cli.Lut.LutText;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut export</c>: a table in a legacy format: one calibration curve as the seeds' ISOT grid, or the
/// whole table in format 1 for a runtime that reads only that. Both are grids; each says how far it is from the
/// table.</summary>
public static class LutExportCommand
{
    public static Command Create()
    {
        var source = new LutSource();
        var format = new Option<string>("--format")
        {
            Description = "isot (one curve, the seeds' single-curve file) or lut-v1 (the whole table in format 1, " +
                          "curves on a 256-point grid)",
            Required = true,
        };
        format.AcceptOnlyFromAmong("isot", "lut-v1");
        var key = new Option<string?>("--key")
        {
            Description = "With --format isot: the calibration key; resolved with fallback exactly as lookup does",
        };
        var bins = new Option<int?>("--bins")
        {
            Description = $"With --format isot: grid values (default {IsotCurveExport.DefaultBins}; for a format-1 " +
                          "table the smallest n >= it aligned with the table's grid)",
        };
        var outFile = new Option<string>("--out") { Description = "Output file", Required = true };
        var cmd = new Command("export", "Write a table in a legacy format (a grid), with its distance from the table")
        {
            format, key, bins, outFile,
        };
        source.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommandAction.Run(parse, ct, output =>
        {
            using var lut = LutFile.Open(source.Resolve(parse));
            string path = parse.GetValue(outFile)!;
            if (parse.GetValue(format) == "lut-v1")
            {
                var bytes = LutWriter.Write(LutDecoder.Content(lut.Reader), formatVersion: 1);
                File.WriteAllBytes(path, bytes);
                using var v1 = LutFile.FromBytes(bytes);
                double worst = LutDiff.Calibration(lut.Reader, v1.Reader).Max(d => d.MaxAbsDifference ?? 0);
                output.WriteLine($"{path}: {bytes.Length} bytes, format 1 of {Path.GetFileName(lut.Path)}; max " +
                                 $"|lut-v1 - lut| = {worst.ToString("G3", CultureInfo.InvariantCulture)} over every " +
                                 "curve (the grid misses the knots between its points)");
                return 0;
            }
            string k = parse.GetValue(key) ?? throw new ArgumentException("--format isot needs --key");
            if (!lut.Reader.TryGetCurve(k, out var curve))
                throw new KeyNotFoundException($"no curve for '{k}' in {lut.Path}");
            int n = parse.GetValue(bins) ?? IsotCurveExport.AlignedBins(curve);
            var isot = IsotCurveExport.Write(curve, n);
            File.WriteAllBytes(path, isot);
            string deviation = IsotCurveExport.MaxAbsDeviation(curve, isot)
                .ToString("G3", CultureInfo.InvariantCulture);
            output.WriteLine($"{path}: {isot.Length} bytes, {n} values over [{Number(curve.XMin)}, " +
                             $"{Number(curve.XMax)}] from segment {curve.Key} of {Path.GetFileName(lut.Path)}; " +
                             $"max |isot - lut| = {deviation} " +
                             "(ISOT is a grid: it misses the curve between its points)");
            if (curve.GridCount > 0 && (n - 1) % (curve.GridCount - 1) != 0)
                parse.InvocationConfiguration.Error.WriteLine(
                    $"warning: {n} bins do not align with the curve's {curve.GridCount}-point grid; between samples " +
                    $"the export differs from the LUT by up to {deviation} (omit --bins for " +
                    $"{IsotCurveExport.AlignedBins(curve)})");
            return 0;
        }));
        return cmd;
    }
}
