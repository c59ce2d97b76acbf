using MevAnalytics.Bench.Lut;

namespace MevAnalytics.Lut.Tests;

public class LutFuzzTests
{
    [Fact]
    public void Reader_only_ever_throws_LutFormatException()
    {
        var report = LutFuzz.Run(seed: 20250601, cases: 4000);
        Assert.Empty(report.Failures);
        Assert.Equal(4000, report.Accepted + report.Rejected);
        // the mutations must reach deep validation, not only the checksum
        Assert.True(report.Accepted > 0);
        foreach (var reason in new[] { LutFormatError.ChecksumMismatch, LutFormatError.LengthMismatch,
                     LutFormatError.BadSectionPlacement, LutFormatError.SectionOutOfRange, LutFormatError.BadStringRef,
                     LutFormatError.BadRecord, LutFormatError.UnsortedKeys })
            Assert.True(report.RejectedByReason.GetValueOrDefault(reason) > 0,
                $"no case rejected as {reason}: {string.Join(", ", report.RejectedByReason)}");
    }

    [Fact]
    public void Same_seed_gives_the_same_report()
    {
        var a = LutFuzz.Run(7, 300);
        var b = LutFuzz.Run(7, 300);
        Assert.Equal((a.Accepted, a.Rejected), (b.Accepted, b.Rejected));
        Assert.Equal(a.RejectedByReason.OrderBy(p => p.Key), b.RejectedByReason.OrderBy(p => p.Key));
    }
}
