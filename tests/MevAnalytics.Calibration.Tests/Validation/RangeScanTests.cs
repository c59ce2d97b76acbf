using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Calibration.Tests.Validation;

/// <summary>The four-at-a-time range check against the one-at-a-time rule, with the bad value in the vector body and in
/// the tail, at every position of a short column.</summary>
public class RangeScanTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-1e-300)]
    [InlineData(1.0000000000000002)]
    public void A_single_value_outside_the_range_is_found_wherever_it_is(double bad)
    {
        for (int length = 1; length <= 19; length++)
            for (int at = 0; at < length; at++)
            {
                var values = Enumerable.Range(0, length).Select(i => i / (double)length).ToArray();
                Assert.True(RangeScan.AllWithin(values, 0, 1));
                values[at] = bad;
                Assert.False(RangeScan.AllWithin(values, 0, 1), $"length {length}, bad value at {at}");
            }
    }

    [Fact]
    public void Finite_means_neither_NaN_nor_infinite()
    {
        double[] ok = [double.MinValue, -0.0, 0, double.Epsilon, double.MaxValue, 1, 2, 3, 4];
        Assert.True(RangeScan.AllFinite(ok));
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            Assert.False(RangeScan.AllFinite([.. ok, bad]));
        Assert.True(RangeScan.AllFinite([]));
    }
}
