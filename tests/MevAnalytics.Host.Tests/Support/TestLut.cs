using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Host.Tests.Support;

/// <summary>A tiny latency table, published through the jobs' own pipeline (<see cref="LutJobRunner"/>).</summary>
public static class TestLut
{
    public static LutContent Content(string producerJob, DateTime createdAtUtc)
    {
        var created = new DateTimeOffset(createdAtUtc).ToUnixTimeMilliseconds();
        return new LutContent(new LutHeader(LutTableKind.Latency, created, created - 3_600_000, created, 100,
            producerJob, "test"))
        {
            Latency = [new LatencyQuantiles("jito", "ny", 100, 0.01, 10, 20, 40, 80)],
        };
    }

    public static Task<JobOutcome> PublishAsync(JobContext context, string table, string producerJob,
        CancellationToken ct) => new TableJob(table, producerJob).RunAsync(context, ct);

    /// <summary>Publishes straight through the publisher (a table left by an earlier run).</summary>
    public static void PublishDirect(string artifactRoot, string table, string producerJob, DateTime createdAtUtc)
    {
        var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = Path.Combine(artifactRoot, "luts") });
        var result = publisher.PublishAsync(table, LutWriter.Write(Content(producerJob, createdAtUtc)),
            new LutPublishMetadata("test", new Dictionary<string, double>()), LutGateChecks.Standard(1), [],
            CancellationToken.None).GetAwaiter().GetResult();
        if (!result.Published)
            throw new InvalidOperationException(
                "test LUT was not published: " + string.Join("; ", result.FailedChecks));
    }

    /// <summary>The summary of the test table.</summary>
    public sealed record Note(string Text);

    private sealed class TableJob(string table, string producerJob) : LutJob<ArtifactOptions, int, Note>
    {
        public override string Name => producerJob;

        public override string Description => "test table " + table;

        public override string Table => table;

        public override LutTableKind Kind => LutTableKind.Latency;

        public override JsonTypeInfo<SummaryDocument<Note>> SummaryType =>
            (JsonTypeInfo<SummaryDocument<Note>>)JsonSerializerOptions.Default
                .GetTypeInfo(typeof(SummaryDocument<Note>));

        public override TimeSpan WindowOf(ArtifactOptions options) => TimeSpan.FromHours(1);

        public override Task<int> ReadAsync(JobContext context, ArtifactOptions options, QueryWindow window,
            CancellationToken ct) => Task.FromResult(100);

        public override LutCandidate<Note> Fit(int input, ArtifactOptions options, LutStamp stamp) =>
            LutCandidate<Note>.Of(Content(producerJob, stamp.UtcNow), input, new Note("test table"),
                new Dictionary<string, double> { ["p50_ms"] = 10 }, LutGateChecks.Standard(1));
    }
}
