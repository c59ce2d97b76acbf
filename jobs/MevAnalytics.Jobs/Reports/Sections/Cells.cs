using System.Globalization;

namespace MevAnalytics.Jobs.Reports.Sections;

/// <summary>Table cell formatting shared by the sections: invariant culture, "n/a" for missing numbers, signed
/// deltas.</summary>
internal static class Cells
{
    public const string Missing = "n/a";

    public static string Num(double v, string format) =>
        double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : Missing;

    public static string Int(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Signed difference <paramref name="now"/> - <paramref name="before"/>, "n/a" when either is
    /// missing.</summary>
    public static string Delta(double now, double before, string format) =>
        double.IsFinite(now) && double.IsFinite(before)
            ? (now - before).ToString("+" + format + ";-" + format + ";0", CultureInfo.InvariantCulture)
            : Missing;

    /// <summary>Signed relative change in percent.</summary>
    public static string DeltaPercent(double now, double before) =>
        double.IsFinite(now) && double.IsFinite(before) && before != 0
            ? ((now - before) / before * 100).ToString("+0.0;-0.0;0", CultureInfo.InvariantCulture) + "%"
            : Missing;

    public static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 48 ? $"{t.TotalDays:0.0} d"
        : t.TotalMinutes >= 90 ? $"{t.TotalHours:0.0} h"
        : $"{t.TotalMinutes:0} min";

    /// <summary>A tip in lamports, short: 1,000 / 25k / 1.5M.</summary>
    public static string Lamports(long lamports) => lamports switch
    {
        >= 1_000_000 => (lamports / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (lamports / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => lamports.ToString("N0", CultureInfo.InvariantCulture),
    };
}
