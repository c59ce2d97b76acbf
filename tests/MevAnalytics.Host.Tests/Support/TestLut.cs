using MevAnalytics.Jobs.Publishing;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Host.Tests.Support;

/// <summary>A tiny latency table, published through the jobs' own publication step.</summary>
public static class TestLut
{
    public static LutContent Content(string producerJob, DateTime createdAtUtc)
    {
        var created = new DateTimeOffset(createdAtUtc).ToUnixTimeMilliseconds();
        return new LutContent(new LutHeader(LutTableKind.Latency, created, created - 3_600_000, created, 100, producerJob, "test"))
        {
            Latency = [new LatencyQuantiles("jito", "ny", 100, 0.01, 10, 20, 40, 80)],
        };
    }

    public static Task<JobOutcome> PublishAsync(JobContext context, string table, string producerJob, CancellationToken ct) =>
        JobPublication.PublishAsync(context, table, LutWriter.Write(Content(producerJob, context.UtcNow)),
            LutGateChecks.Standard(1),
            new Dictionary<string, double> { ["p50_ms"] = 10 }, new { note = "test table" }, 100, ct: ct);

    /// <summary>Publishes straight through the publisher (a table left by an earlier run).</summary>
    public static void PublishDirect(string artifactRoot, string table, string producerJob, DateTime createdAtUtc)
    {
        var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = Path.Combine(artifactRoot, "luts") });
        var result = publisher.Publish(table, Content(producerJob, createdAtUtc), new LutPublishMetadata("test", new Dictionary<string, double>()), LutGateChecks.Standard(1));
        if (!result.Published) throw new InvalidOperationException("test LUT was not published: " + string.Join("; ", result.FailedChecks));
    }
}
