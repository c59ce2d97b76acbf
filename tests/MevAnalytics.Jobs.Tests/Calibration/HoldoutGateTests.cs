using MevAnalytics.Calibration.Holdout;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Tests.Calibration;

/// <summary>
/// The holdout gate compares numbers scored before the publisher's lock; a current table that changed in between
/// (a rollback) is scored again, once, under the lock. No ClickHouse: tables are encoded in memory.
/// </summary>
public sealed class HoldoutGateTests
{
    // A flat table: every score calibrates to <paramref name="value"/>; the stand-in scorer reports it as log loss.
    private static LutFile Flat(double value) => LutFile.FromBytes(LutWriter.Write(
        new LutContent(new LutHeader(LutTableKind.Calibration, 0, 0, 0, 1, "test", "test"))
        {
            Calibration = [new CalibrationSegment("*", null, 1, [new(0, value), new(1, value)])],
        }));

    [Fact]
    public void Current_table_is_scored_before_the_lock_and_not_again_when_unchanged()
    {
        using var current = Flat(0.3);
        var scored = new List<double>();
        TableScore Score(LutFile lut)
        {
            lock (scored) scored.Add(lut.Calibrate("*", 0.5));
            return new(lut.Calibrate("*", 0.5), 0);
        }
        using var candidate = Flat(0.31);
        var checks = new HoldoutGate(candidate, current, Score, 0.002, 0.005).Checks();
        Assert.Equal([0.3, 0.31], scored.Order(), new Tolerance());
        var results = checks.Select(c => c.Check(candidate, current)).ToArray();
        Assert.False(results[0].Passed); // log loss 0.31 > 0.3 + 0.002
        Assert.Contains("worse than the current table's 0.3", results[0].Reason);
        Assert.True(results[1].Passed);
        Assert.Equal(2, scored.Count);
    }

    [Fact]
    public void A_current_table_changed_since_scoring_is_scored_again_once()
    {
        using var before = Flat(0.3);
        using var rolledBack = Flat(0.4);
        var scored = new List<double>();
        TableScore Score(LutFile lut)
        {
            lock (scored) scored.Add(lut.Calibrate("*", 0.5));
            return new(lut.Calibrate("*", 0.5), 0);
        }
        using var candidate = Flat(0.31);
        var checks = new HoldoutGate(candidate, before, Score, 0.002, 0.005).Checks();
        Assert.All(checks, c => Assert.True(c.Check(candidate, rolledBack).Passed)); // 0.31 <= 0.4 + 0.002
        Assert.Equal([0.3, 0.31, 0.4], scored.Order(), new Tolerance());
    }

    [Fact]
    public void Without_a_current_table_the_checks_pass()
    {
        using var candidate = Flat(0.5);
        var checks = new HoldoutGate(candidate, null, _ => new TableScore(9, 9), 0, 0).Checks();
        Assert.All(checks, c => Assert.True(c.Check(candidate, null).Passed));
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-6;
        public int GetHashCode(double v) => 0;
    }
}
