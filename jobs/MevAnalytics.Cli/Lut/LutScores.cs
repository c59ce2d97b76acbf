using System.Globalization;

namespace MevAnalytics.Cli.Lut;

/// <summary>The scores of <c>mev lut lookup --scores FILE</c>: one number per line (blank lines skipped), from a
/// file or standard input ('-').</summary>
public static class LutScores
{
    /// <summary>The scores in <paramref name="path"/>, in order; a line that is not a number is an error naming the
    /// file, the line and its text.</summary>
    public static double[] Read(string path)
    {
        using var reader = path == "-" ? Console.In : new StreamReader(path);
        var scores = new List<double>();
        int line = 0;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            var trimmed = text.Trim();
            if (trimmed.Length == 0) continue;
            if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                throw new FormatException($"{(path == "-" ? "standard input" : path)} line {line}: " +
                                          $"'{Short(trimmed)}' is not a number");
            scores.Add(v);
        }
        return [.. scores];
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
