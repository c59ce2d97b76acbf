using System.Globalization;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Publishing;

/// <summary>
/// The files of refused runs, <c>{table}-gated-{time}.{suffix}</c> in <c>summaries/{table}/</c>: written whole or not
/// at all (a failed write removes that run's files), and bounded to the newest <c>keep</c> runs, so a table that is
/// refused every five minutes does not fill the disk.
/// </summary>
public static class GatedRuns
{
    /// <summary>Writes the companions of one refused run and prunes older runs; returns the files written.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(string directory, string table, DateTime utcNow,
        IReadOnlyList<LutCompanion> companions, int keep, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var stem = Stem(table, utcNow);
        for (var n = 2; Directory.EnumerateFiles(directory, stem + ".*").Any(); n++)
            stem = $"{Stem(table, utcNow)}-{n}";
        var written = new List<string>();
        try
        {
            foreach (var companion in companions)
            {
                var path = Path.Combine(directory, $"{stem}.{companion.Suffix}");
                await DurableFile.WriteAsync(path, (stream, token) => companion.WriteAsync(stream, null, token), ct);
                written.Add(path);
            }
        }
        catch
        {
            foreach (var path in written) File.Delete(path);
            throw;
        }
        Prune(directory, table, keep);
        return written;
    }

    /// <summary>Removes all but the newest <paramref name="keep"/> refused runs (every file of a run together), and
    /// runs older than <paramref name="olderThan"/> when given.</summary>
    public static IReadOnlyList<string> Prune(string directory, string table, int keep, DateTime? olderThan = null)
    {
        if (!Directory.Exists(directory)) return [];
        var runs = Directory.EnumerateFiles(directory, $"{table}-gated-*")
            .GroupBy(p => RunStem(Path.GetFileName(p)), StringComparer.Ordinal)
            .OrderByDescending(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var removed = new List<string>();
        for (var i = 0; i < runs.Count; i++)
        {
            var old = olderThan is { } cutoff && runs[i].All(f => File.GetLastWriteTimeUtc(f) < cutoff);
            if (i < keep && !old) continue;
            foreach (var file in runs[i])
            {
                File.Delete(file);
                removed.Add(file);
            }
        }
        return removed;
    }

    // Sortable, and unique per run (milliseconds) so that two refusals in one second do not overwrite each other.
    private static string Stem(string table, DateTime utcNow) =>
        $"{table}-gated-{utcNow.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture)}";

    private static string RunStem(string fileName) =>
        fileName.IndexOf('.') is var dot and > 0 ? fileName[..dot] : fileName;
}
