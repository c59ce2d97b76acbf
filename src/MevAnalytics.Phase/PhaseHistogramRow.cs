namespace MevAnalytics.Phase;

/// <summary>
/// One cell of a per-leader phase histogram aggregated in the database (sends whose phase falls in the 1 ms bin
/// starting at <see cref="PhaseBinMs"/>), so the cut-off fit never needs the raw sends.
/// </summary>
/// <param name="Leader">Slot leader identity.</param>
/// <param name="PhaseBinMs">Start of the 1 ms phase bin, ms, in [0, slot).</param>
/// <param name="Samples">Sends in the bin.</param>
/// <param name="Lands">Landed sends in the bin (&lt;= Samples).</param>
public sealed record PhaseHistogramRow(string Leader, double PhaseBinMs, long Samples, long Lands);
