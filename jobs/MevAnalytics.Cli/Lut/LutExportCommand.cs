using System.CommandLine;
using System.Globalization;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Lut;
using static MevAnalytics.Cli.Lut.LutText;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut export --format isot</c>: one calibration curve in the legacy single-curve file.</summary>
public static class LutExportCommand
{
    public static Command Create()
    {
        var source = new LutSource();
        var format = new Option<string>("--format")
        {
            Description = "Output format: isot (the legacy single-curve file)",
            Required = true,
        };
        var key = new Option<string>("--key")
        {
            Description = "Calibration key; resolved with fallback exactly as lookup does",
            Required = true,
        };
        var bins = new Option<int?>("--bins")
        {
            Description = $"Grid values (default: the smallest n >= {IsotCurveExport.DefaultBins} aligned with the " +
                          "curve's grid, so the export equals the LUT at every score)",
        };
        var outFile = new Option<string>("--out") { Description = "Output file", Required = true };
        var cmd = new Command("export", "Write one calibration curve in a legacy format")
        {
            format, key, bins, outFile,
        };
        source.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommandAction.Run(parse, ct, output =>
        {
            if (!string.Equals(parse.GetValue(format), "isot", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--format '{parse.GetValue(format)}' is not supported; use isot");
            using var lut = LutFile.Open(source.Resolve(parse));
            string k = parse.GetValue(key)!;
            if (!lut.Reader.TryGetCurve(k, out var curve))
                throw new KeyNotFoundException($"no curve for '{k}' in {lut.Path}");
            int n = parse.GetValue(bins) ?? IsotCurveExport.AlignedBins(curve);
            var bytes = IsotCurveExport.Write(curve, n);
            string path = parse.GetValue(outFile)!;
            File.WriteAllBytes(path, bytes);
            string deviation = IsotCurveExport.MaxAbsDeviation(curve, bytes)
                .ToString("G3", CultureInfo.InvariantCulture);
            output.WriteLine($"{path}: {bytes.Length} bytes, {n} values over [{Number(curve.XMin)}, " +
                             $"{Number(curve.XMax)}] from segment {curve.Key} of {Path.GetFileName(lut.Path)}; " +
                             $"max |isot - lut| = {deviation}");
            if ((n - 1) % (curve.GridCount - 1) != 0)
                parse.InvocationConfiguration.Error.WriteLine(
                    $"warning: {n} bins do not align with the curve's {curve.GridCount}-point grid; between samples " +
                    $"the export differs from the LUT by up to {deviation} (omit --bins for " +
                    $"{IsotCurveExport.AlignedBins(curve)})");
            return 0;
        }));
        return cmd;
    }
}
