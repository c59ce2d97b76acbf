using MevAnalytics.Lut;

namespace MevAnalytics.Bench.Lut;

/// <summary>Outcome of a fuzz run. <see cref="Failures"/> lists every case where the reader did anything but
/// accept the file or throw <see cref="LutFormatException"/>; it must be empty.</summary>
public sealed record LutFuzzReport(
    int Cases,
    int Accepted,
    int Rejected,
    IReadOnlyDictionary<LutFormatError, int> RejectedByReason,
    IReadOnlyList<string> Failures,
    double SlowestCaseMilliseconds);
