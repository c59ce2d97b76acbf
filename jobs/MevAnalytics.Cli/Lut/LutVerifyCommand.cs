using System.CommandLine;
using System.Globalization;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Lut;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut verify</c>: exit 0 when the file is a valid LUT whose curves answer with their fit, else 1
/// with the reason. Per curve it prints how far the lookups are from the fit.</summary>
public static class LutVerifyCommand
{
    /// <summary>Largest |lookup - fit| a format-2 curve may show.</summary>
    public const double Tolerance = 1e-12;

    public static Command Create()
    {
        var source = new LutSource();
        var cmd = new Command("verify", "Exit 0 if the file is a valid LUT whose curves equal their fit, else 1 with " +
                                        "the reason; per curve, the largest |lookup - fit| over its knots " +
                                        "and midpoints");
        source.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommandAction.Run(parse, ct, output =>
        {
            using var lut = LutFile.Open(source.Resolve(parse));
            output.WriteLine($"ok: {lut.Path} ({lut.Length} bytes, format {lut.Reader.FormatVersion}, xxh64 " +
                             $"{lut.Reader.Checksum:X16})");
            var segments = LutFidelity.Of(lut);
            foreach (var s in segments)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"segment {s.Key}: lookups equal the fit: max |diff| {s.MaxDiff:G3} over {s.Points} points")
                    + (s.FromSummary ? "" : " (no summary: the table's own knots)"));
            var off = segments.Where(s => !(s.MaxDiff <= Tolerance)).ToArray();
            if (off.Length == 0) return 0;
            if (lut.Reader.FormatVersion == 1)
            {
                output.WriteLine($"note: format 1 samples its curves on a grid: {off.Length} of {segments.Count} " +
                                 "curves differ from their fit between grid points");
                return 0;
            }
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{lut.Path}: {off.Length} curves differ from their fit by more than {Tolerance:G3} (worst " +
                $"{off.MaxBy(s => s.MaxDiff)!.Key}: {off.Max(s => s.MaxDiff):G3})"));
        }));
        return cmd;
    }
}
