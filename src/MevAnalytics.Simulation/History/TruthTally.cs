namespace MevAnalytics.Simulation.History;

/// <summary>
/// Sums of the true landing probability per route x tip arm, overall and over the last day of the history, so that
/// the true arm landing rates are the exact conditional means over the contexts that were actually generated.
/// </summary>
public sealed class TruthTally(int routes, int arms)
{
    public readonly long[] Sends = new long[routes * arms];
    public readonly double[] PTrueSum = new double[routes * arms];
    public readonly double[] PayoffIfLandedSum = new double[routes * arms];
    public readonly long[] LastDaySends = new long[routes * arms];
    public readonly double[] LastDayPTrueSum = new double[routes * arms];

    /// <summary>Adds another tally (chunks are merged in index order, so sums are reproducible).</summary>
    public void Add(TruthTally other)
    {
        for (var i = 0; i < Sends.Length; i++)
        {
            Sends[i] += other.Sends[i];
            PTrueSum[i] += other.PTrueSum[i];
            PayoffIfLandedSum[i] += other.PayoffIfLandedSum[i];
            LastDaySends[i] += other.LastDaySends[i];
            LastDayPTrueSum[i] += other.LastDayPTrueSum[i];
        }
    }
}
