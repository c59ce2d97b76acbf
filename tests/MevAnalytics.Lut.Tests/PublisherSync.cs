namespace MevAnalytics.Lut.Tests;

/// <summary>The publisher's one entry, <see cref="LutPublisher.PublishAsync"/>, called as the tests read best: on the
/// encoded content, without companions, to the end.</summary>
internal static class PublisherSync
{
    public static PublishResult Publish(this LutPublisher publisher, string table, LutContent content,
        LutPublishMetadata metadata, IReadOnlyList<ILutGateCheck> checks) =>
        publisher.Publish(table, LutWriter.Write(content), metadata, checks);

    public static PublishResult Publish(this LutPublisher publisher, string table, byte[] bytes,
        LutPublishMetadata metadata, IReadOnlyList<ILutGateCheck> checks) =>
        publisher.PublishAsync(table, bytes, metadata, checks, [], CancellationToken.None).GetAwaiter().GetResult();
}
