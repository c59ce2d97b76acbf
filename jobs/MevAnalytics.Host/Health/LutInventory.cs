using MevAnalytics.Host.Scheduling;
using MevAnalytics.Lut;

namespace MevAnalytics.Host.Health;

/// <summary>Reads the current version of every table under <c>{Artifacts:Root}/luts</c> from its manifest.</summary>
public static class LutInventory
{
    public static IReadOnlyList<LutStatus> Read(string artifactRoot, JobSchedule schedule, double staleAfterIntervals,
        DateTime utcNow)
    {
        var root = Path.Combine(artifactRoot, "luts");
        if (!Directory.Exists(root)) return [];
        var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = root });
        var result = new List<LutStatus>();
        foreach (var table in Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal))
        {
            try
            {
                if (publisher.Current(table) is not { } current) continue;
                var m = current.Manifest;
                var created = DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAtUnixMs).UtcDateTime;
                var interval = schedule.Interval(m.ProducerJob, utcNow);
                result.Add(new LutStatus(table, m.Version, m.ProducerJob, created,
                    Math.Max(0, (utcNow - created).TotalSeconds),
                    interval is { } i ? i.TotalSeconds * staleAfterIntervals : null, null));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException
                or UnauthorizedAccessException)
            {
                result.Add(new LutStatus(table, null, null, null, null, null, e.Message));
            }
        }
        return result;
    }
}
